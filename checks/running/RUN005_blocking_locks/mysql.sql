-- MySQL 8 (knowledge, not tested here: no MySQL 8 server). Three kinds of lock wait, each with the
-- sessions holding what is waited for:
--  * InnoDB row locks: performance_schema.data_lock_waits (INNODB_LOCK_WAITS was removed in 8.0), the
--    wait start from INNODB_TRX.trx_wait_started;
--  * metadata locks (DDL behind an open transaction, FLUSH TABLES WITH READ LOCK …):
--    performance_schema.metadata_locks, PENDING against GRANTED on the same object (as
--    sys.schema_table_lock_waits does), waited for PROCESSLIST_TIME seconds;
--  * other lock waits (table-level locks) from the thread states, holder not exposed.
-- Threads come from performance_schema.threads (no global mutex, unlike the processlist).
SELECT CAST(rt.processlist_id AS SIGNED)                                            AS blocked_pid,
       rt.processlist_user                                                         AS user_name,
       rt.processlist_db                                                           AS database_name,
       GROUP_CONCAT(DISTINCT bt.processlist_id ORDER BY bt.processlist_id SEPARATOR ',') AS blocking_pids,
       CONCAT('row lock ', COALESCE(MAX(l.object_schema), ''), '.', COALESCE(MAX(l.object_name), '')) AS wait_event,
       CAST(TIMESTAMPDIFF(SECOND, MAX(r.trx_wait_started), NOW()) AS SIGNED)       AS wait_s,
       LEFT(MAX(r.trx_query), 200)                                                 AS query
FROM performance_schema.data_lock_waits w
JOIN performance_schema.threads rt ON rt.thread_id = w.requesting_thread_id
LEFT JOIN performance_schema.threads bt ON bt.thread_id = w.blocking_thread_id
LEFT JOIN performance_schema.data_locks l ON l.engine = w.engine AND l.engine_lock_id = w.requesting_engine_lock_id
LEFT JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_engine_transaction_id
WHERE rt.processlist_id <> CONNECTION_ID()
GROUP BY rt.processlist_id, rt.processlist_user, rt.processlist_db
UNION ALL
SELECT CAST(pt.processlist_id AS SIGNED),
       pt.processlist_user,
       pt.processlist_db,
       GROUP_CONCAT(DISTINCT gt.processlist_id ORDER BY gt.processlist_id SEPARATOR ','),
       CONCAT('metadata lock ', pm.object_type, ' ', COALESCE(pm.object_schema, ''), '.', COALESCE(pm.object_name, '')),
       CAST(MAX(pt.processlist_time) AS SIGNED),
       LEFT(MAX(pt.processlist_info), 200)
FROM performance_schema.metadata_locks pm
JOIN performance_schema.threads pt ON pt.thread_id = pm.owner_thread_id
JOIN performance_schema.metadata_locks gm ON gm.object_type = pm.object_type
     AND gm.object_schema <=> pm.object_schema AND gm.object_name <=> pm.object_name
     AND gm.lock_status = 'GRANTED' AND gm.owner_thread_id <> pm.owner_thread_id
JOIN performance_schema.threads gt ON gt.thread_id = gm.owner_thread_id
WHERE pm.lock_status = 'PENDING'
  AND pt.processlist_id <> CONNECTION_ID()
GROUP BY pt.processlist_id, pt.processlist_user, pt.processlist_db, pm.object_type, pm.object_schema, pm.object_name
UNION ALL
SELECT CAST(t.processlist_id AS SIGNED), t.processlist_user, t.processlist_db, 'unknown (not exposed)',
       t.processlist_state, CAST(t.processlist_time AS SIGNED), LEFT(t.processlist_info, 200)
FROM performance_schema.threads t
WHERE t.processlist_state LIKE 'Waiting for %lock'
  AND t.processlist_id <> CONNECTION_ID()
  AND t.thread_id NOT IN (SELECT owner_thread_id FROM performance_schema.metadata_locks WHERE lock_status = 'PENDING')
ORDER BY wait_s DESC
