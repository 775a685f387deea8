-- MySQL 5.7 to 8.0.21 (8.0.22+: mysql@8.0.22.sql). Open InnoDB transactions and their age; old ones hold locks and stop purge (history list grows).
-- ``account`` is user@host without the client's port: it names the client across inspections (a
-- thread id does not outlive its connection).
SELECT t.trx_mysql_thread_id                            AS pid,
       p.user                                           AS user_name,
       p.db                                             AS database_name,
       p.host                                           AS client,
       CONCAT(COALESCE(p.user, '?'), '@', CASE WHEN p.host LIKE '%:%'
                                THEN LEFT(p.host, CHAR_LENGTH(p.host) - CHAR_LENGTH(SUBSTRING_INDEX(p.host, ':', -1)) - 1)
                                ELSE COALESCE(p.host, '?') END) AS account,
       CONCAT(t.trx_state, ' / ', COALESCE(p.command, '')) AS state,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW())      AS xact_age_s,
       LEFT(t.trx_query, 200)                           AS query
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.id = t.trx_mysql_thread_id
WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
