-- MySQL 8: history list length from INNODB_METRICS (trx_rseg_history_len, enabled by default) and the age
-- of the oldest open transaction, the usual reason purge cannot advance. A counter switched off with
-- innodb_monitor_disable keeps its last value: then no length is returned and counter_enabled says why.
SELECT CASE WHEN m.status = 'enabled' THEN m.count END                               AS history_list_length,
       COALESCE((SELECT MAX(TIMESTAMPDIFF(SECOND, t.trx_started, NOW()))
        FROM information_schema.INNODB_TRX t
        WHERE t.trx_mysql_thread_id <> CONNECTION_ID()), 0)                        AS oldest_trx_s,
       (m.status = 'enabled')                                                       AS counter_enabled
FROM information_schema.INNODB_METRICS m
WHERE m.name = 'trx_rseg_history_len'
