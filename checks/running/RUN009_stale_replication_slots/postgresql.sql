-- Replication slots: whether a consumer is attached, how much WAL the slot keeps, and its WAL status
-- (reserved / extended / unreserved / lost, PG 13+). Before PostgreSQL 17 nothing records since when a
-- slot is inactive: inactive_s is NULL (postgresql@17.sql reads inactive_since).
SELECT slot_name,
       slot_type,
       database,
       active,
       wal_status,
       round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                  ELSE pg_current_wal_lsn() END,
                             restart_lsn) / 1048576.0, 1)                       AS retained_mb,
       round(safe_wal_size / 1048576.0, 1)                                      AS safe_wal_size_mb,
       NULL::bigint                                                             AS inactive_s
FROM pg_replication_slots
ORDER BY retained_mb DESC NULLS LAST
