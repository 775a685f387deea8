-- MySQL 8.0.29-8.3: as mysql.sql, plus binlog_expire_logs_auto_purge: OFF means no automatic purge
-- at all, whatever the expiry settings say (binlogs stay until PURGE BINARY LOGS).
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       @@expire_logs_days                                                      AS expire_logs_days,
       IF(@@binlog_expire_logs_auto_purge, 'ON', 'OFF')                        AS auto_purge,
       CAST(NULL AS UNSIGNED)                                                  AS max_binlog_total_size,
       CASE WHEN NOT @@binlog_expire_logs_auto_purge THEN NULL
            WHEN @@binlog_expire_logs_seconds > 0 THEN @@binlog_expire_logs_seconds / 86400
            WHEN @@expire_logs_days > 0 THEN @@expire_logs_days END            AS retention_days
