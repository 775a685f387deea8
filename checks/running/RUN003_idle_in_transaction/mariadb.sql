-- InnoDB transactions whose connection is idle (command Sleep): open transaction, nobody working in it.
-- PROCESSLIST.TIME is the seconds since the connection went idle. ``account`` is user@host without the
-- client's port: it names the client across inspections (a thread id does not outlive its connection).
SELECT t.trx_mysql_thread_id                                AS pid,
       p.user                                               AS user_name,
       p.db                                                 AS database_name,
       p.host                                               AS client,
       CONCAT(p.user, '@', CASE WHEN p.host LIKE '%:%'
                                THEN LEFT(p.host, CHAR_LENGTH(p.host) - CHAR_LENGTH(SUBSTRING_INDEX(p.host, ':', -1)) - 1)
                                ELSE p.host END)            AS account,
       CONCAT('idle in transaction (', t.trx_state, ')')    AS state,
       p.time                                               AS idle_s,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW())          AS xact_age_s
FROM information_schema.INNODB_TRX t
JOIN information_schema.PROCESSLIST p ON p.id = t.trx_mysql_thread_id
WHERE p.command = 'Sleep'
  AND t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
