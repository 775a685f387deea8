-- InnoDB buffer pool: logical read requests against reads that had to go to disk, since the server started
-- (Uptime; InnoDB's own counters, FLUSH STATUS leaves them alone). Global only: no session part to subtract.
SELECT CAST(MAX(CASE WHEN g.variable_name = 'INNODB_BUFFER_POOL_READ_REQUESTS' THEN g.variable_value END) AS SIGNED) AS read_requests,
       CAST(MAX(CASE WHEN g.variable_name = 'INNODB_BUFFER_POOL_READS' THEN g.variable_value END) AS SIGNED) AS disk_reads,
       @@global.innodb_buffer_pool_size AS buffer_pool_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN g.variable_name = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM information_schema.GLOBAL_STATUS g
WHERE g.variable_name IN ('INNODB_BUFFER_POOL_READS', 'INNODB_BUFFER_POOL_READ_REQUESTS', 'UPTIME')
