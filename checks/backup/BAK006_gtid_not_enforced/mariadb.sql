-- MariaDB: GTIDs are always written with the binary log; gtid_strict_mode refuses out-of-order or
-- duplicate GTIDs, which otherwise let a replica's binlog silently diverge.
SELECT @@log_bin                                                             AS log_bin,
       CONCAT('domain ', @@gtid_domain_id, ', server ', @@server_id)         AS gtid_mode,
       IF(@@gtid_strict_mode, 'strict', 'not strict')                        AS gtid_consistency,
       (@@gtid_strict_mode = 1)                                              AS gtid_enforced
