-- Per datafile, its newest base (what a restore starts from) in the control file records: a full or
-- level 0 backup set with at least one piece still available (V$BACKUP_DATAFILE joined to V$BACKUP_PIECE
-- STATUS 'A': a set whose pieces RMAN deleted or found missing no longer counts), or an available full /
-- level 0 image copy (V$DATAFILE_COPY; aged by CHECKPOINT_TIME, which RECOVER COPY moves forward for the
-- incrementally updated copies of Oracle's suggested strategy). Read-only and offline files are left out:
-- backup optimization skips a read-only file once it has a backup. Ages on the server's clock (SYSDATE).
-- files_with_base counts the files that have any base at all (a standby whose backups run on the
-- primary has none in its own control file).
WITH sets AS (
  SELECT b.file#, MAX(b.completion_time) AS done
  FROM v$backup_datafile b
  WHERE (b.incremental_level IS NULL OR b.incremental_level = 0)
    AND EXISTS (SELECT 1 FROM v$backup_piece p
                WHERE p.set_stamp = b.set_stamp AND p.set_count = b.set_count AND p.status = 'A')
  GROUP BY b.file#
),
copies AS (
  SELECT c.file#, MAX(c.checkpoint_time) AS done
  FROM v$datafile_copy c
  WHERE c.status = 'A'
    AND (c.incremental_level IS NULL OR c.incremental_level = 0)
  GROUP BY c.file#
),
base AS (
  SELECT f.file#, f.name,
         CASE WHEN s.done IS NULL THEN c.done WHEN c.done IS NULL THEN s.done ELSE GREATEST(s.done, c.done) END AS done,
         CASE WHEN c.done IS NOT NULL AND (s.done IS NULL OR c.done > s.done) THEN 'IMAGE COPY'
              WHEN s.done IS NOT NULL THEN 'BACKUP SET' END AS kind
  FROM v$datafile f
  LEFT JOIN sets s ON s.file# = f.file#
  LEFT JOIN copies c ON c.file# = f.file#
  WHERE f.enabled <> 'READ ONLY'
    AND f.status IN ('ONLINE', 'SYSTEM')
)
SELECT TO_CHAR(b.file#)                                     AS file_no,
       b.name                                               AS file_name,
       b.kind                                               AS base_kind,
       TO_CHAR(b.done, 'YYYY-MM-DD HH24:MI:SS')             AS last_base_backup,
       ROUND(SYSDATE - b.done, 2)                           AS base_age_days,
       (SELECT COUNT(*) FROM base x WHERE x.done IS NOT NULL) AS files_with_base
FROM base b
ORDER BY b.done NULLS FIRST
FETCH FIRST 200 ROWS ONLY
