-- pg_stat_statements per statement, PostgreSQL 14-16 (toplevel, pg_stat_statements_info), without its
-- text (pg_stat_statements(false); texts of new statements: statements_text@14.sql). object =
-- userid:dbid:queryid:toplevel (t/f). epoch = pg_stat_statements_info.stats_reset (a
-- pg_stat_statements_reset() of everything moves it). The '(instance)' row: entries, max, and dealloc
-- (entries evicted since the reset: an evicted statement's counters are lost, so figures that include
-- it are lower bounds).
WITH s AS MATERIALIZED (SELECT * FROM pg_stat_statements(false) WHERE queryid IS NOT NULL),
     i AS (SELECT dealloc, stats_reset FROM pg_stat_statements_info)
SELECT s.userid::text || ':' || s.dbid::text || ':' || s.queryid::text || ':'
       || CASE WHEN s.toplevel THEN 't' ELSE 'f' END                                   AS object,
       i.stats_reset                                                                    AS epoch,
       json_build_object('calls', s.calls, 'total_exec_time', round(s.total_exec_time::numeric, 3),
                         'total_plan_time', round(s.total_plan_time::numeric, 3), 'rows', s.rows,
                         'shared_blks_hit', s.shared_blks_hit, 'shared_blks_read', s.shared_blks_read,
                         'shared_blks_dirtied', s.shared_blks_dirtied, 'shared_blks_written', s.shared_blks_written,
                         'temp_blks_read', s.temp_blks_read, 'temp_blks_written', s.temp_blks_written,
                         'blk_read_time', round(s.blk_read_time::numeric, 3),
                         'blk_write_time', round(s.blk_write_time::numeric, 3),
                         'wal_bytes', s.wal_bytes)                                      AS data
FROM s CROSS JOIN i
UNION ALL
SELECT '(instance)', i.stats_reset,
       json_build_object('entries', (SELECT count(*) FROM s), 'dealloc', i.dealloc,
                         'max', current_setting('pg_stat_statements.max')::bigint)
FROM i
