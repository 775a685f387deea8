-- Open InnoDB transactions and their age; old ones hold locks and stop purge (history list grows).
SELECT t.trx_mysql_thread_id                            AS pid,
       p.user                                           AS user_name,
       p.db                                             AS database_name,
       p.host                                           AS client,
       CONCAT(t.trx_state, ' / ', COALESCE(p.command, '')) AS state,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW())      AS xact_age_s,
       LEFT(t.trx_query, 200)                           AS query
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.id = t.trx_mysql_thread_id
WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
