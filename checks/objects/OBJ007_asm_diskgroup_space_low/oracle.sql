-- ASM disk groups this database instance uses, from V$ASM_DISKGROUP_STAT (the same columns as
-- V$ASM_DISKGROUP without a disk discovery, which the Oracle reference says V$ASM_DISKGROUP performs on
-- every query). In a database instance the view lists the disk groups the instance is CONNECTED to (no
-- row: the database does not use ASM). USABLE_FILE_MB is the space left for new files after reserving
-- REQUIRED_MIRROR_FREE_MB to restore redundancy after a disk failure: negative means that restore would fail.
-- FREE_MB and TOTAL_MB are raw (every mirror copy counted): in a NORMAL or HIGH redundancy group part of
-- FREE_MB is the reserve that restore needs, so the judge rates the space used out of what is left for
-- files once that reserve is set aside, (TOTAL_MB - FREE_MB) / (TOTAL_MB - REQUIRED_MIRROR_FREE_MB);
-- RAW_USED_PCT is the plain share, as ASMCMD lsdg's columns give it. FLEX and EXTENDED groups report
-- REQUIRED_MIRROR_FREE_MB and USABLE_FILE_MB as 0 (no value): the two percentages are then the same.
SELECT g.name                                                                AS diskgroup,
       g.state                                                               AS state,
       g.type                                                                AS redundancy,
       g.total_mb                                                            AS total_mb,
       g.free_mb                                                             AS free_mb,
       g.usable_file_mb                                                      AS usable_file_mb,
       g.required_mirror_free_mb                                             AS required_mirror_free_mb,
       g.offline_disks                                                       AS offline_disks,
       ROUND(100 * (g.total_mb - g.free_mb) / NULLIF(g.total_mb, 0), 1)      AS raw_used_pct
FROM v$asm_diskgroup_stat g
WHERE g.state IN ('CONNECTED', 'MOUNTED')
ORDER BY 9 DESC
