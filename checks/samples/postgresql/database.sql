-- Every counter of pg_stat_database and pg_stat_database_conflicts, per connectable database, as JSON
-- (whatever columns this version has: 12 adds checksum_failures, 14 the session counters, 16
-- confl_active_logicalslot). epoch: when these counters started, as ERR002-ERR006 date them — the later
-- of the database's own stats_reset and the last crash (the checkpointer's backend_start when it was
-- restarted after the postmaster; else the earlier of the archiver's and bgwriter's stats_reset, which
-- initdb and every crash set, unless that is a reset by hand well after the start).
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
)
SELECT d.datname                                                                    AS object,
       greatest(d.stats_reset, e.last_crash)                                        AS epoch,
       (to_jsonb(d) - 'datid' - 'datname') || coalesce(to_jsonb(c) - 'datid' - 'datname', '{}'::jsonb) AS data
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
LEFT JOIN pg_stat_database_conflicts c ON c.datid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
