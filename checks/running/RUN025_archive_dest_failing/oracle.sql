-- Every configured archive destination (local and standby) on every open instance
-- (GV$ARCHIVE_DEST_STATUS: each RAC instance archives and ships its own redo thread, so one instance's
-- destination can fail while another's works), its state, last error and gap status.
SELECT TO_CHAR(d.inst_id)  AS inst_id,
       d.dest_id          AS dest_id,
       d.dest_name        AS dest_name,
       d.status           AS status,
       d.type             AS dest_type,
       d.destination      AS destination,
       d.database_mode    AS database_mode,
       d.recovery_mode    AS recovery_mode,
       d.gap_status       AS gap_status,
       d.error            AS error
FROM gv$archive_dest_status d
WHERE d.status <> 'INACTIVE'
ORDER BY d.dest_id, d.inst_id
