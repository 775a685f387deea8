-- The size of each tablespace outside the data directory (pg_tablespace_location not empty; pg_default and pg_global
-- live in the data directory and are in the databases' sizes already), for PRF018: a tablespace on its own filesystem
-- is forecast against that filesystem's free space (pg-perf-review S6). A stat() of each of its files, no data read;
-- without CREATE on it or pg_read_all_stats no size (NULL, not stored).
SELECT t.spcname                                                                    AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object('size_bytes',
           CASE WHEN has_tablespace_privilege(t.oid, 'CREATE') OR pg_has_role('pg_read_all_stats', 'USAGE')
                THEN pg_tablespace_size(t.oid) END)                                 AS data
FROM pg_tablespace t
WHERE pg_tablespace_location(t.oid) <> ''
