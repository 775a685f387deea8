-- performance_schema file I/O per kind of file (SELECT ON performance_schema.*): file_summary_by_event_name (InnoDB
-- data files, redo log, binary log, temporary files …), one row per event that did I/O. By event, not by file: a
-- server with 10,000 tables has 10,000+ file instances, too many to store every 15 minutes. Times in ms
-- (picoseconds / 1e9). No epoch (server start or a TRUNCATE, seen as values going down). MySQL 8 and MariaDB.
SELECT EVENT_NAME                                                              AS object,
       NULL                                                                    AS epoch,
       JSON_OBJECT('count_read', COUNT_READ, 'sum_timer_read', ROUND(SUM_TIMER_READ / 1e9, 3),
                   'bytes_read', SUM_NUMBER_OF_BYTES_READ,
                   'count_write', COUNT_WRITE, 'sum_timer_write', ROUND(SUM_TIMER_WRITE / 1e9, 3),
                   'bytes_write', SUM_NUMBER_OF_BYTES_WRITE,
                   'count_misc', COUNT_MISC, 'sum_timer_misc', ROUND(SUM_TIMER_MISC / 1e9, 3)) AS data
FROM performance_schema.file_summary_by_event_name
WHERE COUNT_STAR > 0
