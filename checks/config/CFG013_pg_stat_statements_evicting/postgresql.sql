-- How full pg_stat_statements is in this database's view of the (server-wide) statistics: entries
-- against pg_stat_statements.max. Before PostgreSQL 14 there is no count of evicted entries
-- (postgresql@14.sql adds pg_stat_statements_info.dealloc). Runs where the extension is created.
SELECT (SELECT count(*) FROM pg_stat_statements)              AS entries,
       current_setting('pg_stat_statements.max')::bigint     AS max_entries,
       NULL::bigint                                          AS dealloc,
       NULL::timestamptz                                     AS counters_since
