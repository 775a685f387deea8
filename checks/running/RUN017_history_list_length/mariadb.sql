-- InnoDB history list length (undo log records not yet purged) and the age of the oldest open transaction,
-- the usual reason purge cannot advance. The status variable is always kept (counter_enabled 1).
SELECT CAST(s.variable_value AS UNSIGNED)                                           AS history_list_length,
       COALESCE((SELECT MAX(TIMESTAMPDIFF(SECOND, t.trx_started, NOW()))
        FROM information_schema.INNODB_TRX t
        WHERE t.trx_mysql_thread_id <> CONNECTION_ID()), 0)                        AS oldest_trx_s,
       1                                                                            AS counter_enabled
FROM information_schema.global_status s
WHERE s.variable_name = 'INNODB_HISTORY_LIST_LENGTH'
