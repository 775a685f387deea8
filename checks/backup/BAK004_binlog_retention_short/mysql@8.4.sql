-- MySQL 8.4+: expire_logs_days is gone; binlog_expire_logs_seconds (0 = never) and
-- binlog_expire_logs_auto_purge (OFF = no automatic purge at all) decide.
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       CAST(NULL AS DECIMAL(10, 6))                                            AS expire_logs_days,
       IF(@@binlog_expire_logs_auto_purge, 'ON', 'OFF')                        AS auto_purge,
       CAST(NULL AS UNSIGNED)                                                  AS max_binlog_total_size,
       CASE WHEN NOT @@binlog_expire_logs_auto_purge THEN NULL
            WHEN @@binlog_expire_logs_seconds > 0 THEN @@binlog_expire_logs_seconds / 86400 END
                                                                               AS retention_days
