-- The fast recovery area's quota and use; reclaimable space (obsolete backups, applied/backed-up
-- logs) counts as free, as Oracle's own space pressure does.
SELECT r.name                                                                       AS fra_name,
       ROUND(r.space_limit / 1048576)                                               AS limit_mb,
       ROUND(r.space_used / 1048576)                                                AS used_mb,
       ROUND(r.space_reclaimable / 1048576)                                         AS reclaimable_mb,
       ROUND(100 * (r.space_limit - r.space_used + r.space_reclaimable) / r.space_limit, 1) AS free_pct,
       r.number_of_files                                                            AS files
FROM v$recovery_file_dest r
WHERE r.space_limit > 0
