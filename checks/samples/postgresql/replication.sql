-- Replication gauges per WAL sender, named as RUN008 names a standby (application_name.client): bytes
-- of WAL not yet replayed (MB) and the replay lag (s) the standby reports.
SELECT r.application_name || '.' || coalesce(host(r.client_addr), 'local')          AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object(
           'lag_mb', round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                                ELSE pg_current_wal_lsn() END, r.replay_lsn) / 1048576.0, 1),
           'replay_lag_s', round(extract(epoch FROM r.replay_lag)::numeric, 1)
       )                                                                            AS data
FROM pg_stat_replication r
WHERE r.pid <> pg_backend_pid()
