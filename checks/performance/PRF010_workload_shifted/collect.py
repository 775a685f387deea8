"""PRF010: the workload of each database (pg_stat_database counters), and the same figures for the period
of equal length just before the window, from the snapshot store (checks/performance/_pg.previous_period)."""

from checks.performance._pg import previous_period

# Per connectable database: transactions, tuples and sessions since the counters started — the later of the
# database's stats_reset and the last crash (ERR004's rule: the checkpointer's backend_start when it was
# restarted after the postmaster; else the earlier of the archiver's and bgwriter's stats_reset unless that is a
# reset by hand well after the start). days_since is their age; over the window both are the snapshots'.
SQL = """
WITH epoch AS (
    SELECT CASE WHEN k.started > pg_postmaster_start_time() + interval '5 seconds' THEN k.started
                WHEN k.started IS NOT NULL
                 AND least(a.stats_reset, b.stats_reset) > pg_postmaster_start_time() + interval '10 seconds'
                THEN pg_postmaster_start_time()
                ELSE least(a.stats_reset, b.stats_reset) END                      AS last_crash
    FROM pg_stat_archiver a, pg_stat_bgwriter b,
         (SELECT min(backend_start) AS started FROM pg_stat_activity WHERE backend_type = 'checkpointer') k
)
SELECT d.datname                                                                    AS scope,
       d.xact_commit, d.xact_rollback, d.tup_returned, d.tup_fetched, d.tup_inserted, d.tup_updated,
       d.tup_deleted, d.sessions,
       greatest(d.stats_reset, e.last_crash)                                        AS counters_since,
       round((extract(epoch FROM now() - greatest(d.stats_reset, e.last_crash)) / 86400)::numeric, 6) AS days_since
FROM pg_stat_database d
JOIN pg_database db ON db.oid = d.datid
CROSS JOIN epoch e
WHERE db.datallowconn
ORDER BY d.xact_commit + d.xact_rollback DESC
"""


def postgresql(ctx):
    from .spec import WINDOW

    return previous_period(ctx, ctx.run(SQL), WINDOW, {"xact_commit": "xact_commit", "xact_rollback": "xact_rollback"})
