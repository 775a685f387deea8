-- Replication gauges per WAL sender, named as RUN008 names a standby (application_name.client): bytes
-- of WAL not yet replayed (MB) and the replay lag (s) the standby reports. PostgreSQL shows replay_lag NULL
-- once a standby has replayed everything and no WAL follows (and before its first measurement after it
-- connects): with a replay position known it is taken as 0 — lag_mb still shows WAL not replayed — since a
-- gauge that is never a number leaves the window nothing to take a peak of (RUN008's replay delay peak).
SELECT r.application_name || '.' || coalesce(host(r.client_addr), 'local')          AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object(
           'lag_mb', round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                                ELSE pg_current_wal_lsn() END, r.replay_lsn) / 1048576.0, 1),
           'replay_lag_s', CASE WHEN r.replay_lsn IS NOT NULL
                                THEN round(coalesce(extract(epoch FROM r.replay_lag), 0)::numeric, 1) END
       )                                                                            AS data
FROM pg_stat_replication r
WHERE r.pid <> pg_backend_pid()
