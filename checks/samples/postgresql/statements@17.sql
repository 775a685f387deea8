-- pg_stat_statements per statement, PostgreSQL 17+: blk_read_time/blk_write_time became
-- shared_blk_read_time/shared_blk_write_time (stored under the old names, so one series spans an
-- upgrade), and each entry has its own stats_since (when it was created: an entry evicted and made
-- again, or reset by itself, starts a new epoch). Without its text (statements_text@14.sql). The
-- '(instance)' row: entries, max, dealloc; its epoch is pg_stat_statements_info.stats_reset.
WITH s AS MATERIALIZED (SELECT * FROM pg_stat_statements(false) WHERE queryid IS NOT NULL),
     i AS (SELECT dealloc, stats_reset FROM pg_stat_statements_info)
SELECT s.userid::text || ':' || s.dbid::text || ':' || s.queryid::text || ':'
       || CASE WHEN s.toplevel THEN 't' ELSE 'f' END                                   AS object,
       s.stats_since                                                                    AS epoch,
       json_build_object('calls', s.calls, 'total_exec_time', round(s.total_exec_time::numeric, 3),
                         'total_plan_time', round(s.total_plan_time::numeric, 3), 'rows', s.rows,
                         'shared_blks_hit', s.shared_blks_hit, 'shared_blks_read', s.shared_blks_read,
                         'shared_blks_dirtied', s.shared_blks_dirtied, 'shared_blks_written', s.shared_blks_written,
                         'temp_blks_read', s.temp_blks_read, 'temp_blks_written', s.temp_blks_written,
                         'blk_read_time', round(s.shared_blk_read_time::numeric, 3),
                         'blk_write_time', round(s.shared_blk_write_time::numeric, 3),
                         'wal_bytes', s.wal_bytes)                                      AS data
FROM s
UNION ALL
SELECT '(instance)', i.stats_reset,
       json_build_object('entries', (SELECT count(*) FROM s), 'dealloc', i.dealloc,
                         'max', current_setting('pg_stat_statements.max')::bigint)
FROM i
