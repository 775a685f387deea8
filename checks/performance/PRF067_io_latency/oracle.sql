-- Licence-free: single-block read latency per datafile of this instance since it started (V$FILESTAT:
-- cumulative since startup, SINGLEBLKRDTIM / WRITETIM in hundredths of a second; V$DATAFILE and
-- V$TABLESPACE for the names); the 10 slowest files and the 5 busiest.
WITH up AS (
  SELECT TO_CHAR(CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - (SYSDATE - i.startup_time), 'YYYY-MM-DD HH24:MI:SS') AS since_utc,
         TO_CHAR(SYS_EXTRACT_UTC(SYSTIMESTAMP), 'YYYY-MM-DD HH24:MI:SS') AS now_utc
  FROM v$instance i
),
f AS (
  SELECT s.file#, (SELECT t.name FROM v$tablespace t WHERE t.ts# = d.ts#) AS tsname, d.name AS filename,
         s.singleblkrds AS reads, s.singleblkrdtim AS read_cs, s.phywrts AS writes, s.writetim AS write_cs
  FROM v$filestat s
  JOIN v$datafile d ON d.file# = s.file#
),
top AS (
  SELECT f.*, ROW_NUMBER() OVER (ORDER BY 10 * f.read_cs / NULLIF(f.reads, 0) DESC NULLS LAST) AS r_ms,
         ROW_NUMBER() OVER (ORDER BY f.reads DESC) AS r_reads
  FROM f
  WHERE f.reads > 0
)
SELECT 'V$' AS source, CAST(NULL AS NUMBER) AS pairs, 0 AS restarts, up.since_utc AS basis_from, up.now_utc AS basis_to,
       up.since_utc AS counters_since,
       TO_CHAR(t.file#) AS file_id, t.tsname AS tablespace_name, t.filename AS file_name, t.reads AS single_block_reads,
       ROUND(10 * t.read_cs / NULLIF(t.reads, 0), 2) AS avg_read_ms, t.writes AS writes,
       ROUND(10 * t.write_cs / NULLIF(t.writes, 0), 2) AS avg_write_ms
FROM up
LEFT JOIN top t ON t.r_ms <= 10 OR t.r_reads <= 5
ORDER BY 10 * t.read_cs / NULLIF(t.reads, 0) DESC NULLS LAST
