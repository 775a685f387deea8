-- The size of the pg_wal directory (pg_ls_waldir(): every file in it, segments counted apart) against
-- the WAL this server is configured to keep: max_wal_size (the soft limit checkpoints aim at) plus
-- wal_keep_size (kept for standbys). PostgreSQL lets pg_wal grow past that only "under special
-- circumstances, such as heavy load, a failing archive_command or archive_library, or a high
-- wal_keep_size setting" and for replication slots (WAL Configuration): the row also carries what
-- holds WAL now — the replication slot retaining the most, the segments waiting for the archiver
-- (.ready files, pg_ls_archive_statusdir()), the WAL written since the last checkpoint's redo point.
-- On a standby, positions are the last WAL received (else replayed) and the checkpoint is its last
-- restartpoint. One row.
WITH wal AS (
    SELECT count(*) FILTER (WHERE name ~ '^[0-9A-F]{24}$') AS wal_segments,
           coalesce(sum(size), 0)                          AS wal_bytes
    FROM pg_ls_waldir()
),
pos AS (
    SELECT CASE WHEN pg_is_in_recovery() THEN coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
                ELSE pg_current_wal_lsn() END AS lsn
),
slot AS (
    SELECT s.slot_name, s.slot_type, s.active, pg_wal_lsn_diff(pos.lsn, s.restart_lsn) AS retained_bytes
    FROM pg_replication_slots s
    CROSS JOIN pos
    WHERE s.restart_lsn IS NOT NULL
    ORDER BY s.restart_lsn, s.slot_name
    LIMIT 1
),
conf AS (
    SELECT pg_size_bytes(current_setting('max_wal_size'))  AS max_wal_size_bytes,
           pg_size_bytes(current_setting('wal_keep_size')) AS wal_keep_size_bytes,
           current_setting('max_slot_wal_keep_size')       AS max_slot_wal_keep_size
)
SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END                     AS role,
       wal.wal_bytes::bigint,
       round(wal.wal_bytes / 1073741824.0, 3)                                                AS wal_gb,
       wal.wal_segments,
       conf.max_wal_size_bytes,
       conf.wal_keep_size_bytes,
       conf.max_wal_size_bytes + conf.wal_keep_size_bytes                                   AS soft_limit_bytes,
       round(100.0 * wal.wal_bytes / (conf.max_wal_size_bytes + conf.wal_keep_size_bytes), 1) AS soft_limit_pct,
       pg_wal_lsn_diff(pos.lsn, (SELECT redo_lsn FROM pg_control_checkpoint()))::bigint     AS since_checkpoint_bytes,
       slot.slot_name,
       slot.slot_type,
       slot.active                                                                          AS slot_active,
       slot.retained_bytes::bigint                                                          AS slot_retained_bytes,
       conf.max_slot_wal_keep_size,
       (SELECT count(*) FROM pg_ls_archive_statusdir() a WHERE a.name LIKE '%.ready')       AS archive_ready
FROM wal
CROSS JOIN pos
CROSS JOIN conf
LEFT JOIN slot ON true
