-- MySQL 8.0.22+: the process list from performance_schema.processlist, which needs no global mutex
-- (information_schema.PROCESSLIST is deprecated from 8.0.22 and holds one while it is read).
-- Client threads executing right now (not Sleep, not replication/daemon threads), like Threads_running
-- but without our own connection; waiting = InnoDB row-lock wait or a metadata/table-lock wait.
SELECT COUNT(CASE WHEN p.command NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID',
                                         'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Connect') THEN 1 END) AS running,
       COUNT(CASE WHEN t.trx_state = 'LOCK WAIT' OR p.state LIKE 'Waiting for %lock' THEN 1 END)         AS waiting_on_locks,
       COUNT(*)                                                                                          AS connected
FROM performance_schema.processlist p
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.id
WHERE p.id <> CONNECTION_ID()
  AND p.user <> 'system user'
