-- Server-side file access, MySQL 8: local_infile (8.0 default OFF), and secure_file_priv classified:
-- NULL 'disabled' (import/export off), a path 'directory', '' 'unrestricted' (CIS MySQL 8.0 4.8).
SELECT 'local_infile'                         AS name,
       IF(@@GLOBAL.local_infile, 'ON', 'OFF') AS setting,
       NULL                                   AS path
UNION ALL
SELECT 'secure_file_priv',
       CASE WHEN @@GLOBAL.secure_file_priv IS NULL THEN 'disabled'
            WHEN @@GLOBAL.secure_file_priv = '' THEN 'unrestricted'
            ELSE 'directory' END,
       @@GLOBAL.secure_file_priv
