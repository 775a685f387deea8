-- Client statements currently executing (command Query/Execute), seconds since the statement began.
-- Server threads (user 'system user': replication SQL/worker threads, whose TIME is the age of the
-- event they apply) are not client statements. ``account`` is user@host without the client's port:
-- it names the client across inspections (a thread id does not outlive its connection).
SELECT p.id                     AS pid,
       p.user                   AS user_name,
       p.db                     AS database_name,
       p.host                   AS client,
       CONCAT(p.user, '@', CASE WHEN p.host LIKE '%:%'
                                THEN LEFT(p.host, CHAR_LENGTH(p.host) - CHAR_LENGTH(SUBSTRING_INDEX(p.host, ':', -1)) - 1)
                                ELSE p.host END) AS account,
       p.state                  AS wait_event,
       p.time                   AS runtime_s,
       LEFT(p.info, 200)        AS query
FROM information_schema.PROCESSLIST p
WHERE p.command IN ('Query', 'Execute')
  AND p.user <> 'system user'
  AND p.id <> CONNECTION_ID()
ORDER BY p.time DESC
