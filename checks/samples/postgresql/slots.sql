-- WAL each replication slot holds back (MB), as RUN009 measures it (on a standby, from the last WAL
-- received), and whether the slot is in use.
SELECT s.slot_name                                                                  AS object,
       NULL::timestamptz                                                            AS epoch,
       jsonb_build_object(
           'retained_mb', round(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                                     ELSE pg_current_wal_lsn() END,
                                                coalesce(s.restart_lsn, s.confirmed_flush_lsn)) / 1048576.0, 1),
           'active', CASE WHEN s.active THEN 1 ELSE 0 END
       )                                                                            AS data
FROM pg_replication_slots s
