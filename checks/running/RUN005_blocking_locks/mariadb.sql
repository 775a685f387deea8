-- InnoDB row-lock waits (information_schema.INNODB_LOCK_WAITS, still present in MariaDB 10.11) with the
-- threads holding the lock, plus metadata/table-lock waits seen in the process list: their holder is not
-- exposed (performance_schema is off by default and its metadata_locks instrument too; the
-- metadata_lock_info plugin is not installed by default).
SELECT CAST(r.trx_mysql_thread_id AS SIGNED)                                        AS blocked_pid,
       p.user                                                                      AS user_name,
       p.db                                                                        AS database_name,
       GROUP_CONCAT(DISTINCT b.trx_mysql_thread_id ORDER BY b.trx_mysql_thread_id SEPARATOR ',') AS blocking_pids,
       CONCAT('row lock ', COALESCE(MAX(l.lock_table), ''))                        AS wait_event,
       CAST(TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS SIGNED)            AS wait_s,
       LEFT(r.trx_query, 200)                                                      AS query
FROM information_schema.INNODB_LOCK_WAITS w
JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
LEFT JOIN information_schema.PROCESSLIST p ON p.id = r.trx_mysql_thread_id
WHERE r.trx_mysql_thread_id <> CONNECTION_ID()
GROUP BY r.trx_mysql_thread_id, p.user, p.db, r.trx_wait_started, r.trx_query
UNION ALL
SELECT CAST(p.id AS SIGNED), p.user, p.db, 'unknown (not exposed)', p.state, CAST(p.time AS SIGNED), LEFT(p.info, 200)
FROM information_schema.PROCESSLIST p
WHERE p.state LIKE 'Waiting for %lock'
  AND p.id <> CONNECTION_ID()
ORDER BY wait_s DESC
