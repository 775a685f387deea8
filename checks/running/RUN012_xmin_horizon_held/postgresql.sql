-- Everything that holds the xmin horizon back (vacuum cannot remove rows newer than it): backends with a
-- snapshot (backend_xmin) or an open transaction that wrote (backend_xid: a READ COMMITTED writer idle in
-- transaction has backend_xid and no backend_xmin), walsenders (standby feedback), replication slots and
-- prepared transactions. held_s is how long the backend's transaction has been open; NULL where nothing
-- tells (a walsender's feedback xmin, a slot).
-- Left out: a backend running a (lazy) VACUUM, manual or autovacuum (it is in pg_stat_progress_vacuum):
-- it shows a backend_xmin for hours on a big table, but the horizon ignores it (measured on 15: another
-- VACUUM's removable cutoff passed it). VACUUM FULL / CLUSTER (pg_stat_progress_cluster), ANALYZE and
-- CREATE INDEX CONCURRENTLY do hold it and stay in. Parallel workers share their leader's snapshot: the
-- leader stands for them.
SELECT holder_type, holder, user_name, database_name, xmin_age, held_s, detail
FROM (
    SELECT backend_type                                             AS holder_type,
           pid::text                                                AS holder,
           usename                                                  AS user_name,
           datname                                                  AS database_name,
           greatest(age(backend_xid), age(backend_xmin))            AS xmin_age,
           CASE WHEN xact_start IS NOT NULL
                THEN extract(epoch FROM now() - xact_start)::bigint END AS held_s,
           concat_ws(', ', state,
                     CASE WHEN backend_xid IS NOT NULL THEN 'wrote (xid ' || backend_xid || ')' END,
                     CASE WHEN backend_xmin IS NOT NULL THEN 'snapshot' END) AS detail
    FROM pg_stat_activity
    WHERE (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
      AND pid <> pg_backend_pid()
      AND backend_type IS DISTINCT FROM 'parallel worker'
      AND pid NOT IN (SELECT v.pid FROM pg_stat_progress_vacuum v)
    UNION ALL
    SELECT 'replication slot', slot_name, NULL, database,
           greatest(age(xmin), age(catalog_xmin)), NULL,
           CASE WHEN active THEN 'active' ELSE 'inactive' END
    FROM pg_replication_slots
    WHERE xmin IS NOT NULL OR catalog_xmin IS NOT NULL
    UNION ALL
    SELECT 'prepared transaction', gid, owner, database,
           age(transaction), extract(epoch FROM now() - prepared)::bigint, 'prepared'
    FROM pg_prepared_xacts
) AS holders
-- oldest first; on a tie (a blocked waiter's snapshot starts at its blocker's xid) the longer-open one first
ORDER BY xmin_age DESC, held_s DESC NULLS LAST
