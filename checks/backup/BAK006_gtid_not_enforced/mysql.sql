-- MySQL 8: GTIDs on and enforced, so replicas can auto-position and point-in-time recovery and
-- failover can work by GTID. The replication columns exist for MariaDB only (judged regardless here).
SELECT @@log_bin                                                             AS log_bin,
       @@gtid_mode                                                           AS gtid_mode,
       CONCAT('enforce_gtid_consistency ', @@enforce_gtid_consistency)       AS gtid_consistency,
       (@@gtid_mode = 'ON' AND @@enforce_gtid_consistency = 'ON')            AS gtid_enforced,
       CAST(NULL AS UNSIGNED)                                                AS replicas_connected,
       CAST(NULL AS UNSIGNED)                                                AS replication_threads
