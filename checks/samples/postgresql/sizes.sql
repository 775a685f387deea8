-- The size of each connectable database (pg_database_size: a stat() of every file of the database, about
-- 3 per table and index — bounded by the number of files, no data read), for the capacity forecast (PRF018).
-- A database the user may not CONNECT to (without pg_read_all_stats) has no size (NULL, not stored).
SELECT d.datname                                                                    AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object('size_bytes',
           CASE WHEN has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE')
                THEN pg_database_size(d.oid) END)                                   AS data
FROM pg_database d
WHERE d.datallowconn
