-- PostgreSQL 17+: as postgresql.sql, plus how long each slot has been inactive (inactive_since, set when
-- its consumer detaches and at server start), and without the failover slots a standby synchronises from
-- its primary (synced = true): those are inactive on the standby by design.
SELECT slot_name,
       slot_type,
       database,
       active,
       wal_status,
       round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                  ELSE pg_current_wal_lsn() END,
                             restart_lsn) / 1048576.0, 1)                       AS retained_mb,
       round(safe_wal_size / 1048576.0, 1)                                      AS safe_wal_size_mb,
       CASE WHEN NOT active THEN extract(epoch FROM now() - inactive_since)::bigint END AS inactive_s
FROM pg_replication_slots
WHERE NOT synced
ORDER BY retained_mb DESC NULLS LAST
