-- Client statements currently executing (command Query/Execute), seconds since the statement began.
SELECT p.id                     AS pid,
       p.user                   AS user_name,
       p.db                     AS database_name,
       p.host                   AS client,
       p.state                  AS wait_event,
       p.time                   AS runtime_s,
       LEFT(p.info, 200)        AS query
FROM information_schema.PROCESSLIST p
WHERE p.command IN ('Query', 'Execute')
  AND p.id <> CONNECTION_ID()
ORDER BY p.time DESC
