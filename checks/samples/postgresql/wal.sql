-- WAL generation (PostgreSQL 14+: pg_stat_wal): wal_records, wal_fpi, wal_bytes, wal_buffers_full
-- (and through 17 the write/sync counters). Reset by pg_stat_reset_shared('wal') and at a crash.
SELECT '(instance)'                                                                 AS object,
       w.stats_reset                                                                AS epoch,
       to_jsonb(w) - 'stats_reset'                                                  AS data
FROM pg_stat_wal w
