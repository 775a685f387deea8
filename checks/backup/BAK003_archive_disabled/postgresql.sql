-- Is WAL kept for point-in-time recovery on this primary? Either archiving is configured, or WAL is
-- streamed off the server by a WAL receiver (pg_receivewal, Barman's streaming archiver): a physical
-- walsender that never reports a replay position (a standby does; pg_receivewal and
-- barman_receive_wal only write and flush). pg_basebackup's own WAL stream and logical walsenders
-- are not receivers. The archive_command text is not returned (it can carry credentials), only
-- whether one is set; archive_library exists from PG 15 on.
WITH receivers AS (
    SELECT r.pid, coalesce(nullif(r.application_name, ''), 'pid ' || r.pid)
               || coalesce(' (slot ' || s.slot_name || ')', '')                     AS receiver
    FROM pg_stat_replication r
    LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid
    WHERE r.state = 'streaming'
      AND r.replay_lsn IS NULL
      AND r.application_name IS DISTINCT FROM 'pg_basebackup'
      AND coalesce(s.slot_type, 'physical') = 'physical'
)
SELECT current_setting('archive_mode')                                            AS archive_mode,
       current_setting('archive_command') NOT IN ('', '(disabled)')                AS archive_command_set,
       coalesce(current_setting('archive_library', true), '')                      AS archive_library,
       current_setting('wal_level')                                                AS wal_level,
       (SELECT count(*) FROM receivers)                                             AS wal_receivers,
       (SELECT string_agg(receiver, ', ' ORDER BY pid) FROM receivers)              AS receivers
