-- Login accounts that authenticate with a weak password hash, one row per (account, plugin), every
-- IDENTIFIED VIA … OR … alternative included (auth_or, {} = the main plugin): mysql_old_password (the
-- pre-4.1 16-hex-digit hash) and mysql_native_password (unsalted double SHA-1; CIS MariaDB 10.11 7.3
-- asks ed25519, gssapi, pam or unix_socket instead). Only hashes that can authenticate are counted:
-- '*' + 40 hex digits (native), 16 hex digits (old); 'invalid' and other placeholders cannot, and an
-- empty hash is SEC040's. Then the server settings of CIS MariaDB 10.11 7.1: old_passwords (ON: new
-- passwords get the old hash) and secure_auth (OFF: old-hash clients are let in).
SELECT x.object, x.kind, x.value, COUNT(*) OVER () AS total
FROM (SELECT DISTINCT a.account AS object, 'account' AS kind, a.plugin AS value
      FROM (SELECT CONCAT(g.User, '@', g.Host) AS account,
                   CASE WHEN m.plugin IS NULL
                        THEN COALESCE(JSON_VALUE(g.Priv, '$.plugin'), 'mysql_native_password')
                        ELSE m.plugin END      AS plugin,
                   CASE WHEN m.plugin IS NULL
                        THEN COALESCE(JSON_VALUE(g.Priv, '$.authentication_string'), '')
                        ELSE COALESCE(m.auth, '') END AS auth
            FROM mysql.global_priv g
            JOIN JSON_TABLE(COALESCE(JSON_EXTRACT(g.Priv, '$.auth_or'), '[{}]'), '$[*]'
                            COLUMNS (plugin VARCHAR(64) PATH '$.plugin',
                                     auth   TEXT        PATH '$.authentication_string')) m
            WHERE COALESCE(JSON_VALUE(g.Priv, '$.is_role'), '0') NOT IN ('1', 'true')
              AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), '0') NOT IN ('1', 'true')) a
      WHERE (a.plugin = 'mysql_native_password' AND a.auth REGEXP '^[*][0-9A-Fa-f]{40}$')
         OR (a.plugin = 'mysql_old_password' AND a.auth REGEXP '^[0-9A-Fa-f]{16}$')
      UNION ALL
      SELECT LOWER(VARIABLE_NAME), 'setting', VARIABLE_VALUE
      FROM information_schema.GLOBAL_VARIABLES
      WHERE VARIABLE_NAME IN ('OLD_PASSWORDS', 'SECURE_AUTH')) x
ORDER BY x.kind DESC, x.value DESC, x.object
LIMIT 500
