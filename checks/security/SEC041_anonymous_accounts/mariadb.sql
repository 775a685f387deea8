-- Anonymous accounts (empty user name): a client giving any user name it likes matches them. An
-- installer's default (mariadb-install-db before 10.4, old packages) or a GRANT to ''@host. A role
-- never has an empty name, but its host is empty: roles are left out by is_role. Locked ones are
-- returned too (judged milder): they cannot log in, but nothing should keep them.
SELECT CONCAT(g.User, '@', g.Host)                                   AS account,
       CONCAT('''''@''', g.Host, '''')                                AS grantee,
       g.Host                                                         AS host_name,
       CASE WHEN COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') IN ('1', 'true')
            THEN 'locked' ELSE 'open' END                             AS state,
       COUNT(*) OVER ()                                               AS total
FROM mysql.global_priv g
WHERE g.User = ''
  AND COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
ORDER BY state DESC, account
LIMIT 200
