-- What fills SYSAUX, from V$SYSAUX_OCCUPANTS (one row per occupant: AWR = SM/AWR, optimizer statistics
-- history = SM/OPTSTAT, unified audit = AUDSYS …; SPACE_USAGE_KBYTES is its current size), with each one's
-- share of the occupants' total. Each container has its own SYSAUX: the view shows this container's.
SELECT o.occupant_name                                                               AS occupant,
       o.schema_name                                                                 AS schema_name,
       o.occupant_desc                                                               AS description,
       ROUND(o.space_usage_kbytes / 1024, 1)                                         AS occupant_mb,
       ROUND(100 * o.space_usage_kbytes / NULLIF(SUM(o.space_usage_kbytes) OVER (), 0), 1) AS share_pct,
       o.move_procedure                                                              AS move_procedure
FROM v$sysaux_occupants o
WHERE o.space_usage_kbytes > 0
ORDER BY 4 DESC
FETCH FIRST 20 ROWS ONLY
