-- MySQL: GTIDs on and enforced, so replicas and point-in-time recovery can position by GTID safely.
SELECT @@log_bin                                                             AS log_bin,
       @@gtid_mode                                                           AS gtid_mode,
       @@enforce_gtid_consistency                                            AS gtid_consistency,
       (@@gtid_mode = 'ON' AND @@enforce_gtid_consistency = 'ON')            AS gtid_enforced
