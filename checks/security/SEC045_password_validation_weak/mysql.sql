-- MySQL 8: the validate_password component (8.0.4+; its variables are named validate_password.*) or
-- the older plugin (validate_password_*, deprecated), 'NONE' when neither is loaded; then its
-- settings, named as the component names them. performance_schema.global_variables needs SELECT on it.
SELECT 'password_validation' AS name,
       CASE WHEN EXISTS (SELECT 1 FROM performance_schema.global_variables
                         WHERE VARIABLE_NAME LIKE 'validate\_password%')
            THEN 'validate_password' ELSE 'NONE' END AS setting
UNION ALL
SELECT REPLACE(VARIABLE_NAME, 'validate_password_', 'validate_password.'), VARIABLE_VALUE
FROM performance_schema.global_variables
WHERE VARIABLE_NAME LIKE 'validate\_password%'
