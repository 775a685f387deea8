-- MySQL 8: InnoDB buffer pool read requests against reads from disk since the server started (Uptime);
-- performance_schema.global_status is readable without a grant.
SELECT CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'INNODB_BUFFER_POOL_READ_REQUESTS' THEN g.variable_value END) AS SIGNED) AS read_requests,
       CAST(MAX(CASE WHEN UPPER(g.variable_name) = 'INNODB_BUFFER_POOL_READS' THEN g.variable_value END) AS SIGNED) AS disk_reads,
       @@global.innodb_buffer_pool_size AS buffer_pool_size,
       UTC_TIMESTAMP() - INTERVAL MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) SECOND AS counters_since,
       ROUND(MAX(CASE WHEN UPPER(g.variable_name) = 'UPTIME' THEN CAST(g.variable_value AS UNSIGNED) END) / 86400, 4) AS days_since
FROM performance_schema.global_status g
WHERE UPPER(g.variable_name) IN ('INNODB_BUFFER_POOL_READS', 'INNODB_BUFFER_POOL_READ_REQUESTS', 'UPTIME')
