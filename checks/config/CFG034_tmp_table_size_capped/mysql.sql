-- MySQL 8 (MariaDB: mariadb.sql). The size limits of in-memory temporary tables: tmp_table_size and
-- max_heap_table_size, and which engine internal temporary tables use (TempTable from 8.0, where
-- from 8.0.28 tmp_table_size alone limits an internal TempTable table; MEMORY tables take the smaller
-- of the two). Bytes.
SELECT @@global.tmp_table_size                         AS tmp_table_size,
       @@global.max_heap_table_size                    AS max_heap_table_size,
       CAST(@@global.internal_tmp_mem_storage_engine AS CHAR) AS tmp_engine
