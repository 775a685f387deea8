-- The instance and its database, then each PDB this container sees (from CDB$ROOT: every PDB but
-- PDB$SEED; from a PDB: itself; a non-CDB: none). Oracle Database Reference 19c: V$INSTANCE,
-- V$DATABASE, V$PDBS.
SELECT i.instance_name                   AS container_name,
       'INSTANCE'                        AS kind,
       i.status                          AS status,
       i.database_status                 AS database_status,
       i.logins                          AS logins,
       i.shutdown_pending                AS shutdown_pending,
       d.open_mode                       AS open_mode,
       d.database_role                   AS database_role,
       CAST(NULL AS VARCHAR2(3))         AS restricted
FROM v$instance i
CROSS JOIN v$database d
UNION ALL
SELECT p.name, 'PDB', NULL, NULL, NULL, NULL, p.open_mode, NULL, p.restricted
FROM v$pdbs p
WHERE p.name <> 'PDB$SEED'
