-- PostgreSQL 14+: how full pg_stat_statements is (entries against pg_stat_statements.max) and how many
-- entries it evicted to make room since its statistics were reset (pg_stat_statements_info.dealloc,
-- counters_since = stats_reset): an evicted statement's calls and times are lost, so top-SQL reports
-- undercount. Runs where the extension is created (its view is per database, its contents server-wide).
SELECT (SELECT count(*) FROM pg_stat_statements)              AS entries,
       current_setting('pg_stat_statements.max')::bigint     AS max_entries,
       i.dealloc,
       i.stats_reset                                         AS counters_since
FROM pg_stat_statements_info i
