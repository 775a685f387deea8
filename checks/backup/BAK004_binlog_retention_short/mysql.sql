-- MySQL 8.0.0-8.0.28: retention comes from binlog_expire_logs_seconds when it is non-zero, else from
-- the deprecated expire_logs_days (a my.cnf still setting only expire_logs_days leaves the seconds
-- at 0); both 0 = never purged automatically. No auto-purge switch before 8.0.29, no size limit.
SELECT @@log_bin                                                               AS log_bin,
       @@binlog_expire_logs_seconds                                            AS binlog_expire_logs_seconds,
       @@expire_logs_days                                                      AS expire_logs_days,
       'ON'                                                                    AS auto_purge,
       CAST(NULL AS UNSIGNED)                                                  AS max_binlog_total_size,
       CASE WHEN @@binlog_expire_logs_seconds > 0 THEN @@binlog_expire_logs_seconds / 86400
            WHEN @@expire_logs_days > 0 THEN @@expire_logs_days END            AS retention_days
