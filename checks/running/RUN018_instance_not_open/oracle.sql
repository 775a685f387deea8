-- Every open instance of the database (GV$INSTANCE: one row per running RAC instance, one on a single
-- instance) with the database's open mode and role (V$DATABASE), then each PDB this container sees
-- (from CDB$ROOT: every PDB but PDB$SEED; from a PDB: itself; a non-CDB: none) summed over the
-- instances (GV$PDBS): open on how many of them, and restricted on any. A RAC PDB may be opened only
-- where its services run, so a PDB is closed only when no instance has it open.
-- Oracle Database Reference 19c: V$INSTANCE, V$DATABASE, V$PDBS (GV$ adds INST_ID).
SELECT i.instance_name                   AS container_name,
       'INSTANCE'                        AS kind,
       i.status                          AS status,
       i.database_status                 AS database_status,
       i.logins                          AS logins,
       i.shutdown_pending                AS shutdown_pending,
       d.open_mode                       AS open_mode,
       d.database_role                   AS database_role,
       CAST(NULL AS VARCHAR2(3))         AS restricted,
       CAST(NULL AS NUMBER)              AS open_instances,
       CAST(NULL AS NUMBER)              AS instances
FROM gv$instance i
CROSS JOIN v$database d
UNION ALL
SELECT p.name,
       'PDB',
       NULL,
       NULL,
       NULL,
       NULL,
       CASE WHEN SUM(CASE WHEN p.open_mode = 'READ WRITE' THEN 1 ELSE 0 END) > 0 THEN 'READ WRITE'
            WHEN SUM(CASE WHEN p.open_mode LIKE 'READ%' THEN 1 ELSE 0 END) > 0 THEN 'READ ONLY'
            ELSE MIN(p.open_mode) END,
       MIN(d.database_role),
       MAX(CASE WHEN p.open_mode LIKE 'READ%' THEN p.restricted END),
       SUM(CASE WHEN p.open_mode LIKE 'READ%' THEN 1 ELSE 0 END),
       COUNT(*)
FROM gv$pdbs p
CROSS JOIN v$database d
WHERE p.name <> 'PDB$SEED'
GROUP BY p.name
