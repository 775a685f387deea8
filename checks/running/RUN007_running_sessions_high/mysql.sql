-- Client threads executing right now (not Sleep, not replication/daemon threads), like Threads_running
-- but without our own connection.
SELECT COUNT(CASE WHEN p.command NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID',
                                         'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Connect') THEN 1 END) AS running,
       COUNT(CASE WHEN p.state LIKE 'Waiting for %lock' THEN 1 END)                                      AS waiting_on_locks,
       COUNT(*)                                                                                          AS connected
FROM information_schema.PROCESSLIST p
WHERE p.id <> CONNECTION_ID()
  AND p.user <> 'system user'
