-- Server-side file access, MariaDB: local_infile (ON: LOAD DATA LOCAL lets the server ask a client for
-- any file the client can read) and secure_file_priv, classified: 'directory' (LOAD DATA INFILE,
-- SELECT … INTO OUTFILE and LOAD_FILE() confined to it) or 'unrestricted' (unset or empty: any path the
-- mariadbd OS user can reach; measured on 10.11, where unset reads NULL and INTO OUTFILE /tmp works).
-- MariaDB has no value that turns these off (MySQL's NULL does). Needs no privilege.
SELECT 'local_infile'                                   AS name,
       IF(@@GLOBAL.local_infile, 'ON', 'OFF')           AS setting,
       NULL                                             AS path
UNION ALL
SELECT 'secure_file_priv',
       IF(COALESCE(@@GLOBAL.secure_file_priv, '') = '', 'unrestricted', 'directory'),
       @@GLOBAL.secure_file_priv
