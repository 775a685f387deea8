-- Blocks the database knows to be corrupt (found by RMAN backup/validate, or on read):
-- V$DATABASE_BLOCK_CORRUPTION.
SELECT TO_CHAR(c.file#)                 AS file_no,
       TO_CHAR(c.block#)                AS block_no,
       c.blocks                AS blocks,
       c.corruption_change#    AS corruption_scn,
       c.corruption_type       AS corruption_type
FROM v$database_block_corruption c
ORDER BY c.file#, c.block#
FETCH FIRST 200 ROWS ONLY
