-- Binary log on, and how long it is kept. binlog_expire_logs_seconds = 0 means no automatic purge
-- (MariaDB 10.6+ keeps expire_logs_days in step with it; MySQL 8.4 has only the seconds variable).
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       CASE WHEN @@binlog_expire_logs_seconds > 0
            THEN ROUND(@@binlog_expire_logs_seconds / 86400, 2) END            AS retention_days
