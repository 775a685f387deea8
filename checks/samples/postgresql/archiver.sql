-- WAL archiving: archived_count and failed_count (the last_* columns are names and times, not counters).
SELECT '(instance)'                                                                 AS object,
       a.stats_reset                                                                AS epoch,
       jsonb_build_object('archived_count', a.archived_count, 'failed_count', a.failed_count) AS data
FROM pg_stat_archiver a
