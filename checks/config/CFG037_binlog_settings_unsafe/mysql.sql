-- The binary log's format settings, one row per setting (the expected_settings judge): ROW events
-- (statement-based events can replay differently on a replica), full row images (MINIMAL leaves too
-- little to repair data from the binlog) and event checksums. Serves MySQL 8 and MariaDB; the spec
-- requires the binary log on.
SELECT 'binlog_format' AS name, CAST(@@global.binlog_format AS CHAR) AS setting
UNION ALL SELECT 'binlog_row_image', CAST(@@global.binlog_row_image AS CHAR)
UNION ALL SELECT 'binlog_checksum', CAST(@@global.binlog_checksum AS CHAR)
