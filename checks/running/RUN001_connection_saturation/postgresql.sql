-- Client backends against the connections ordinary users may open: max_connections minus the slots
-- kept for superusers (superuser_reserved_connections). Our own connection is not counted. PostgreSQL
-- keeps no high-water mark of connections: the peak columns are NULL.
SELECT count(*) FILTER (WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()) AS connections,
       current_setting('max_connections')::int                                          AS max_connections,
       current_setting('superuser_reserved_connections')::int                           AS reserved,
       round(100.0 * count(*) FILTER (WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())
             / nullif(current_setting('max_connections')::int
                      - current_setting('superuser_reserved_connections')::int, 0), 1)  AS used_pct,
       NULL::int                                                                        AS peak_connections,
       NULL::numeric                                                                    AS peak_pct,
       NULL::timestamptz                                                                AS peak_at,
       NULL::boolean                                                                    AS peak_in_window
FROM pg_stat_activity
