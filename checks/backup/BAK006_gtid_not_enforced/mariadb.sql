-- MariaDB: GTIDs are always written with the binary log; gtid_strict_mode refuses out-of-order or
-- duplicate GTIDs, which otherwise let a replica's binlog silently diverge from its primary's.
-- That only matters with replication: Slaves_connected (replicas reading this binlog) and
-- Slaves_running (replication threads running here) tell, with no privilege needed.
SELECT @@log_bin                                                             AS log_bin,
       CONCAT('domain ', @@gtid_domain_id, ', server ', @@server_id)         AS gtid_mode,
       IF(@@gtid_strict_mode, 'gtid_strict_mode ON', 'gtid_strict_mode OFF') AS gtid_consistency,
       (@@gtid_strict_mode = 1)                                              AS gtid_enforced,
       CAST(sc.variable_value AS UNSIGNED)                                   AS replicas_connected,
       CAST(sr.variable_value AS UNSIGNED)                                   AS replication_threads
FROM information_schema.GLOBAL_STATUS sc
JOIN information_schema.GLOBAL_STATUS sr ON sr.variable_name = 'SLAVES_RUNNING'
WHERE sc.variable_name = 'SLAVES_CONNECTED'
