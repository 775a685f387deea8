-- Initialization parameters whose value in memory differs from what the server parameter file will give at
-- the next startup: changed with SCOPE=MEMORY (V$PARAMETER.ISMODIFIED = 'SYSTEM_MOD', nothing in the spfile),
-- or set in the spfile (V$SPPARAMETER.ISSPECIFIED = 'TRUE') to another value. The spfile value for this
-- instance is its own SID's entry, else the '*' entry; multi-valued parameters are joined in ORDINAL order.
-- Values are compared as VALUE and as DISPLAY_VALUE (either equal: the same setting written two ways, e.g.
-- 4G and 4294967296). The first row always comes: spfile (the parameter 'spfile', empty when started from a
-- pfile) and nondefault (how many parameters are not at their default) describe the instance.
WITH sp AS (
  SELECT s.name, s.sid,
         LISTAGG(s.value, ',') WITHIN GROUP (ORDER BY s.ordinal)          AS value,
         LISTAGG(s.display_value, ',') WITHIN GROUP (ORDER BY s.ordinal)  AS display_value,
         ROW_NUMBER() OVER (PARTITION BY s.name ORDER BY CASE WHEN s.sid = '*' THEN 2 ELSE 1 END) AS pick
  FROM v$spparameter s
  WHERE s.isspecified = 'TRUE'
    AND (s.sid = '*' OR s.sid = SYS_CONTEXT('USERENV', 'INSTANCE_NAME'))
  GROUP BY s.name, s.sid
),
diff AS (
  SELECT p.name, p.display_value AS memory_value, sp.display_value AS spfile_value, p.ismodified,
         CASE WHEN sp.name IS NULL THEN 'MEMORY ONLY' ELSE 'SPFILE DIFFERS' END AS difference
  FROM v$parameter p
  LEFT JOIN sp ON sp.name = p.name AND sp.pick = 1
  WHERE (sp.name IS NULL AND p.ismodified = 'SYSTEM_MOD')
     OR (sp.name IS NOT NULL
         AND UPPER(REPLACE(NVL(p.value, '~'), ' ', '')) <> UPPER(REPLACE(NVL(sp.value, '~'), ' ', ''))
         AND UPPER(REPLACE(NVL(p.display_value, '~'), ' ', '')) <> UPPER(REPLACE(NVL(sp.display_value, '~'), ' ', '')))
),
inst AS (
  SELECT MAX(CASE WHEN p.name = 'spfile' THEN p.value END)   AS spfile,
         SUM(CASE WHEN p.isdefault = 'FALSE' THEN 1 ELSE 0 END) AS nondefault
  FROM v$parameter p
)
SELECT i.spfile          AS spfile,
       i.nondefault      AS nondefault,
       d.name            AS name,
       d.memory_value    AS memory_value,
       d.spfile_value    AS spfile_value,
       d.ismodified      AS ismodified,
       d.difference      AS difference
FROM inst i
LEFT JOIN diff d ON 1 = 1
ORDER BY d.name NULLS FIRST
FETCH FIRST 200 ROWS ONLY
