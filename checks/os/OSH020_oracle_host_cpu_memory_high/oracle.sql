-- The host each open instance runs on, as the database sees it (no ssh needed): GV$OSSTAT's CPU count,
-- physical memory and current load (LOAD: the run-queue average the OS reports), the busy share of CPU
-- time since the instance started (BUSY_TIME / (BUSY_TIME + IDLE_TIME), centiseconds), and the last hour's
-- 'Host CPU Utilization (%)' from GV$SYSMETRIC_HISTORY (60-second metric group, GROUP_ID 2; the view keeps
-- one hour of them). SGA_MAX_SIZE + PGA_AGGREGATE_TARGET against the host's memory is what the instance
-- may claim (MEMORY_MAX_TARGET when Automatic Memory Management is on).
WITH os AS (
  SELECT o.inst_id,
         MAX(CASE WHEN o.stat_name = 'NUM_CPUS' THEN o.value END)              AS num_cpus,
         MAX(CASE WHEN o.stat_name = 'PHYSICAL_MEMORY_BYTES' THEN o.value END) AS memory_bytes,
         MAX(CASE WHEN o.stat_name = 'LOAD' THEN o.value END)                  AS load,
         MAX(CASE WHEN o.stat_name = 'BUSY_TIME' THEN o.value END)             AS busy,
         MAX(CASE WHEN o.stat_name = 'IDLE_TIME' THEN o.value END)             AS idle
  FROM gv$osstat o
  GROUP BY o.inst_id
),
cpu AS (
  SELECT m.inst_id, ROUND(AVG(m.value), 1) AS cpu_avg_pct, ROUND(MAX(m.value), 1) AS cpu_max_pct,
         COUNT(*) AS samples
  FROM gv$sysmetric_history m
  WHERE m.metric_name = 'Host CPU Utilization (%)'
    AND m.group_id = 2
  GROUP BY m.inst_id
),
mem AS (
  SELECT p.inst_id,
         GREATEST(NVL(MAX(CASE WHEN p.name = 'memory_max_target' THEN TO_NUMBER(p.value) END), 0),
                  NVL(MAX(CASE WHEN p.name = 'sga_max_size' THEN TO_NUMBER(p.value) END), 0)
                  + NVL(MAX(CASE WHEN p.name = 'pga_aggregate_target' THEN TO_NUMBER(p.value) END), 0)) AS claim_bytes
  FROM gv$parameter p
  WHERE p.name IN ('memory_max_target', 'sga_max_size', 'pga_aggregate_target')
  GROUP BY p.inst_id
)
SELECT TO_CHAR(os.inst_id)                                                 AS inst_id,
       os.num_cpus                                                         AS num_cpus,
       ROUND(os.memory_bytes / 1073741824, 1)                              AS memory_gb,
       ROUND(os.load, 2)                                                   AS load,
       ROUND(os.load / NULLIF(os.num_cpus, 0), 2)                          AS load_per_cpu,
       ROUND(100 * os.busy / NULLIF(os.busy + os.idle, 0), 1)              AS busy_pct_since_startup,
       cpu.cpu_avg_pct                                                     AS cpu_avg_pct,
       cpu.cpu_max_pct                                                     AS cpu_max_pct,
       cpu.samples                                                         AS cpu_samples,
       ROUND(mem.claim_bytes / 1073741824, 1)                              AS instance_memory_gb,
       ROUND(100 * mem.claim_bytes / NULLIF(os.memory_bytes, 0), 1)        AS instance_memory_pct
FROM os
LEFT JOIN cpu ON cpu.inst_id = os.inst_id
LEFT JOIN mem ON mem.inst_id = os.inst_id
ORDER BY 1
