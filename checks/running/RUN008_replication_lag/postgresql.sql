-- Each standby (or cascaded standby) streaming from this server: state, WAL not yet replayed there, and the
-- last measured replay delay. On a standby the reference position is the WAL it has received itself.
SELECT application_name,
       coalesce(host(client_addr), 'local')                                     AS client,
       state,
       sync_state,
       round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                  ELSE pg_current_wal_lsn() END,
                             replay_lsn) / 1048576.0, 1)                        AS lag_mb,
       round(extract(epoch FROM replay_lag)::numeric, 1)                        AS replay_lag_s
FROM pg_stat_replication
WHERE pid <> pg_backend_pid()
ORDER BY lag_mb DESC NULLS LAST
