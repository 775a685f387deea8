-- MariaDB: internal in-memory temporary tables are MEMORY tables, limited by the smaller of
-- tmp_table_size and max_heap_table_size (then converted to on-disk Aria tables). Bytes.
SELECT @@global.tmp_table_size      AS tmp_table_size,
       @@global.max_heap_table_size AS max_heap_table_size,
       'MEMORY'                     AS tmp_engine
