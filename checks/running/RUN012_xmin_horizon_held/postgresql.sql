-- Everything that holds the xmin horizon back (vacuum cannot remove rows newer than it): backends and
-- walsenders (standby feedback) with a snapshot, replication slots, prepared transactions.
SELECT backend_type                                             AS holder_type,
       pid::text                                                AS holder,
       usename                                                  AS user_name,
       datname                                                  AS database_name,
       age(backend_xmin)                                        AS xmin_age,
       extract(epoch FROM now() - coalesce(xact_start, backend_start))::bigint AS held_s,
       state                                                    AS detail
FROM pg_stat_activity
WHERE backend_xmin IS NOT NULL
  AND pid <> pg_backend_pid()
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
ORDER BY xmin_age DESC
