-- Client backends against the connections ordinary users may open
-- (max_connections minus the slots reserved for superusers).
SELECT count(*) FILTER (WHERE backend_type = 'client backend')           AS connections,
       current_setting('max_connections')::int                           AS max_connections,
       current_setting('superuser_reserved_connections')::int            AS reserved,
       round(100.0 * count(*) FILTER (WHERE backend_type = 'client backend')
             / nullif(current_setting('max_connections')::int
                      - current_setting('superuser_reserved_connections')::int, 0), 1) AS used_pct
FROM pg_stat_activity
