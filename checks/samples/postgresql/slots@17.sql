-- PostgreSQL 17+: as slots.sql, without the failover slots a standby synchronises from its primary
-- (synced = true), which RUN009 leaves out on 17+ too: a window row of a slot the check does not list would
-- come back as one dropped since (checks/window.py keeps the window of objects gone from the check's rows).
SELECT s.slot_name                                                                  AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object(
           'retained_mb', round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                                     ELSE pg_current_wal_lsn() END,
                                                coalesce(s.restart_lsn, s.confirmed_flush_lsn)) / 1048576.0, 1),
           'active', CASE WHEN s.active THEN 1 ELSE 0 END
       )                                                                            AS data
FROM pg_replication_slots s
WHERE NOT s.synced
