-- MariaDB 11.4+: as mariadb.sql, plus max_binlog_total_size (alias binlog_space_limit): when the
-- binary logs together exceed it, the oldest are purged whatever their age (0 = no size limit).
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       @@expire_logs_days                                                      AS expire_logs_days,
       'ON'                                                                    AS auto_purge,
       @@max_binlog_total_size                                                 AS max_binlog_total_size,
       CASE WHEN @@binlog_expire_logs_seconds > 0
            THEN @@binlog_expire_logs_seconds / 86400 END                      AS retention_days
