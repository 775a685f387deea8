-- pg_stat_statements per statement (PostgreSQL 13: no toplevel, no pg_stat_statements_info, no epoch
-- per entry), without its text (pg_stat_statements(false): the text is read once per new statement,
-- statements_text.sql). object = userid:dbid:queryid:toplevel ('t' on 13, which tracks top level only
-- unless pg_stat_statements.track = all). Counters only; times in ms. The '(instance)' row carries how
-- many entries there are (against pg_stat_statements.max). Epoch: unknown on 13 (a reset shows as
-- values going down or entries disappearing).
WITH s AS MATERIALIZED (SELECT * FROM pg_stat_statements(false) WHERE queryid IS NOT NULL)
SELECT s.userid::text || ':' || s.dbid::text || ':' || s.queryid::text || ':t'          AS object,
       NULL::timestamptz                                                                AS epoch,
       json_build_object('calls', s.calls, 'total_exec_time', round(s.total_exec_time::numeric, 3),
                         'total_plan_time', round(s.total_plan_time::numeric, 3), 'rows', s.rows,
                         'shared_blks_hit', s.shared_blks_hit, 'shared_blks_read', s.shared_blks_read,
                         'shared_blks_dirtied', s.shared_blks_dirtied, 'shared_blks_written', s.shared_blks_written,
                         'temp_blks_read', s.temp_blks_read, 'temp_blks_written', s.temp_blks_written,
                         'blk_read_time', round(s.blk_read_time::numeric, 3),
                         'blk_write_time', round(s.blk_write_time::numeric, 3),
                         'wal_bytes', s.wal_bytes)                                      AS data
FROM s
UNION ALL
SELECT '(instance)', NULL::timestamptz,
       json_build_object('entries', (SELECT count(*) FROM s),
                         'max', current_setting('pg_stat_statements.max')::bigint)
