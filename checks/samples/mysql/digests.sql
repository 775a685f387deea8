-- performance_schema statement digests (SELECT ON performance_schema.*), one row per (schema, digest), without
-- the text (texts of new digests: digests_text.sql). object = d:<DIGEST>:<numeric id>:<SCHEMA_NAME> (the id, the
-- first 15 hex digits of the digest as a number, is what the texts file is given; the schema last, where a ':'
-- in its name cannot shift the fields). epoch = FIRST_SEEN in UTC, converted from the zone it is shown in (the
-- session's time_zone: the server's default-time-zone, not always SYSTEM — '+08:00' on a UTC host would put every
-- epoch 8 h late): a digest evicted or truncated and made again starts a new epoch. Times in ms (the table's picoseconds / 1e9).
-- Left out: dbpatrol's own and other monitoring statements where identifiable — digests reading
-- performance_schema, information_schema or the mysql system schema (`mysql` . `innodb_table_stats`: the sampler's
-- my.schema_sizes, 1 row examined per table, would be PRF041's full scan on MySQL 8, whose statements carry no
-- SET STATEMENT prefix), SHOW ... STATUS / VARIABLES / GRANTS, and MariaDB's SET STATEMENT
-- max_statement_time = ? FOR … (how dbpatrol bounds every statement there) — counted in the summary as excluded. The '(instance)' row: entries, max (performance_schema_digests_size), digest_lost
-- (Performance_schema_digest_lost: statements not digested because the table was full; increasing in a window
-- makes its figures lower bounds) and unhashed (COUNT_STAR of the NULL-digest row that collects them).
-- MySQL 8; MariaDB has its own file (the status counter comes from information_schema there).
WITH d AS (
    SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_LOCK_TIME, SUM_ROWS_SENT, SUM_ROWS_EXAMINED,
           SUM_ROWS_AFFECTED, SUM_CREATED_TMP_TABLES, SUM_CREATED_TMP_DISK_TABLES, SUM_SELECT_FULL_JOIN, SUM_SELECT_SCAN,
           SUM_SORT_MERGE_PASSES, SUM_NO_INDEX_USED, SUM_NO_GOOD_INDEX_USED, SUM_ERRORS, FIRST_SEEN,
           CASE WHEN DIGEST IS NULL THEN 'unhashed'
                WHEN LOWER(DIGEST_TEXT) LIKE '%performance\_schema%' OR LOWER(DIGEST_TEXT) LIKE '%information\_schema%'
                  OR DIGEST_TEXT LIKE '%`mysql` . %'
                  OR DIGEST_TEXT LIKE 'SHOW %STATUS%' OR DIGEST_TEXT LIKE 'SHOW %VARIABLES%'
                  OR DIGEST_TEXT LIKE 'SHOW GRANTS%'
                  OR UPPER(DIGEST_TEXT) LIKE 'SET STATEMENT MAX\_STATEMENT\_TIME%' THEN 'excluded'
                ELSE 'kept' END AS kind
    FROM performance_schema.events_statements_summary_by_digest
)
SELECT CONCAT('d:', DIGEST, ':', CONV(LEFT(DIGEST, 15), 16, 10), ':', COALESCE(SCHEMA_NAME, ''))  AS object,
       CONVERT_TZ(FIRST_SEEN, @@session.time_zone, '+00:00')                                     AS epoch,
       JSON_OBJECT('count_star', COUNT_STAR, 'sum_timer_wait', ROUND(SUM_TIMER_WAIT / 1e9, 3),
                   'sum_lock_time', ROUND(SUM_LOCK_TIME / 1e9, 3), 'rows_sent', SUM_ROWS_SENT,
                   'rows_examined', SUM_ROWS_EXAMINED, 'rows_affected', SUM_ROWS_AFFECTED,
                   'tmp_tables', SUM_CREATED_TMP_TABLES, 'tmp_disk_tables', SUM_CREATED_TMP_DISK_TABLES,
                   'full_joins', SUM_SELECT_FULL_JOIN, 'full_scans', SUM_SELECT_SCAN,
                   'sort_merge_passes', SUM_SORT_MERGE_PASSES, 'no_index_used', SUM_NO_INDEX_USED,
                   'no_good_index_used', SUM_NO_GOOD_INDEX_USED, 'errors', SUM_ERRORS)                AS data
FROM d
WHERE kind = 'kept'
UNION ALL
SELECT '(instance)', NULL,
       JSON_OBJECT('entries', (SELECT COUNT(*) FROM d WHERE DIGEST IS NOT NULL),
                   'max', @@global.performance_schema_digests_size,
                   'digest_lost', (SELECT CAST(variable_value AS UNSIGNED) FROM performance_schema.global_status
                                   WHERE variable_name = 'Performance_schema_digest_lost'),
                   'unhashed', COALESCE((SELECT SUM(COUNT_STAR) FROM d WHERE kind = 'unhashed'), 0),
                   'excluded', (SELECT COUNT(*) FROM d WHERE kind = 'excluded'))
