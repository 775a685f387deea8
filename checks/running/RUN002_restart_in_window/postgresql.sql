-- When the postmaster started, and whether that start falls inside the inspection window.
SELECT pg_postmaster_start_time()                                              AS started_at,
       extract(epoch FROM now() - pg_postmaster_start_time())::bigint          AS uptime_s,
       (pg_postmaster_start_time() >= :window_start
        AND pg_postmaster_start_time() <= :window_end)                         AS restarted_in_window
