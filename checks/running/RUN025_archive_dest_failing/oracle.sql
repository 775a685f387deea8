-- Every configured archive destination (local and standby), its state, last error and gap status.
SELECT d.dest_id          AS dest_id,
       d.dest_name        AS dest_name,
       d.status           AS status,
       d.type             AS dest_type,
       d.destination      AS destination,
       d.database_mode    AS database_mode,
       d.recovery_mode    AS recovery_mode,
       d.gap_status       AS gap_status,
       d.error            AS error
FROM v$archive_dest_status d
WHERE d.status <> 'INACTIVE'
ORDER BY d.dest_id
