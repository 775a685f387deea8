-- MariaDB 10.6+: how long the binary log is kept. binlog_expire_logs_seconds and expire_logs_days
-- are linked (setting one sets the other); 0 = never purged automatically (purges happen at startup
-- and at each rotation). MariaDB has no auto-purge switch and, before 11.4, no size limit.
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       @@expire_logs_days                                                      AS expire_logs_days,
       'ON'                                                                    AS auto_purge,
       CAST(NULL AS UNSIGNED)                                                  AS max_binlog_total_size,
       CASE WHEN @@binlog_expire_logs_seconds > 0
            THEN @@binlog_expire_logs_seconds / 86400 END                      AS retention_days
