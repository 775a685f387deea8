-- The standbys this server feeds and the ones it expects that are not there.
-- 1. Every WAL sender: kind 'physical' (a standby or cascaded standby), 'logical' (a logical replication
--    consumer: it is connected to a database) or 'backup' (pg_basebackup), with the WAL not yet replayed
--    there (on a standby the reference is the WAL it has received itself) and the last measured replay delay.
-- 2. Expected standbys that have no WAL sender (state 'missing'): a permanent physical slot nobody streams
--    from, and (on a primary) a name in synchronous_standby_names no connected standby carries.
--    The inventory's expected_standbys are matched by the judge.
WITH senders AS (
    SELECT r.pid,
           r.application_name,
           coalesce(host(r.client_addr), 'local')                                   AS client,
           CASE WHEN r.state = 'backup' THEN 'backup'
                WHEN s.slot_type = 'logical' OR a.datname IS NOT NULL THEN 'logical'
                ELSE 'physical' END                                                  AS kind,
           s.slot_name,
           r.state,
           r.sync_state,
           round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                      ELSE pg_current_wal_lsn() END,
                                 r.replay_lsn) / 1048576.0, 1)                       AS lag_mb,
           round(extract(epoch FROM r.replay_lag)::numeric, 1)                       AS replay_lag_s
    FROM pg_stat_replication r
    LEFT JOIN pg_stat_activity a ON a.pid = r.pid
    LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid
    WHERE r.pid <> pg_backend_pid()
),
sync_names AS (
    -- 'FIRST 2 (a, "b")', 'ANY 1 (a, b)', '2 (a, b)' or 'a, b'; '*' matches any standby and names none
    SELECT DISTINCT btrim(n, ' "') AS name
    FROM regexp_split_to_table(
             regexp_replace(current_setting('synchronous_standby_names'),
                            '^\s*((first|any)\s+)?[0-9]+\s*\(|\)\s*$', '', 'gi'), ',') AS n
    WHERE NOT pg_is_in_recovery()
      AND btrim(n, ' "') NOT IN ('', '*')
)
SELECT * FROM (
SELECT kind, application_name, client, slot_name, state, sync_state, lag_mb, replay_lag_s,
       NULL::text AS expected_by
FROM senders
UNION ALL
SELECT 'physical', slot_name, NULL, slot_name, 'missing', NULL, NULL, NULL, 'physical slot'
FROM pg_replication_slots
WHERE slot_type = 'physical' AND NOT active AND NOT temporary
UNION ALL
SELECT 'physical', name, NULL, NULL, 'missing', NULL, NULL, NULL, 'synchronous_standby_names'
FROM sync_names
WHERE NOT EXISTS (SELECT 1 FROM senders WHERE kind = 'physical' AND lower(application_name) = lower(name))
) AS standbys
ORDER BY state = 'missing' DESC, lag_mb DESC NULLS LAST, application_name
