-- Password complexity enforcement: which validation plugins judge new passwords for strength
-- (simple_password_check: length and character classes; cracklib_password_check: dictionary), 'NONE'
-- when neither is active (password_reuse_check judges reuse, not strength), then their settings and
-- strict_password_validation (OFF lets a client set a ready-made hash, which no plugin can check).
-- information_schema.PLUGINS and GLOBAL_VARIABLES need no privilege.
SELECT 'password_validation' AS name,
       COALESCE((SELECT GROUP_CONCAT(LOWER(PLUGIN_NAME) ORDER BY PLUGIN_NAME SEPARATOR ', ')
                 FROM information_schema.PLUGINS
                 WHERE PLUGIN_TYPE = 'PASSWORD VALIDATION' AND PLUGIN_STATUS = 'ACTIVE'
                   AND PLUGIN_NAME IN ('simple_password_check', 'cracklib_password_check')), 'NONE') AS setting
UNION ALL
SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE
FROM information_schema.GLOBAL_VARIABLES
WHERE VARIABLE_NAME IN ('SIMPLE_PASSWORD_CHECK_MINIMAL_LENGTH', 'SIMPLE_PASSWORD_CHECK_DIGITS',
                        'SIMPLE_PASSWORD_CHECK_LETTERS_SAME_CASE', 'SIMPLE_PASSWORD_CHECK_OTHER_CHARACTERS',
                        'CRACKLIB_PASSWORD_CHECK_DICTIONARY', 'STRICT_PASSWORD_VALIDATION')
