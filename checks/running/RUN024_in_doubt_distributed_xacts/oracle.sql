-- Distributed transactions awaiting recovery (DBA_2PC_PENDING), oldest first. FAIL_TIME is the
-- SYSDATE when the row was inserted, so the age is computed on the same clock.
SELECT p.local_tran_id                              AS local_tran_id,
       p.global_tran_id                             AS global_tran_id,
       p.state                                      AS state,
       p.mixed                                      AS mixed,
       ROUND((SYSDATE - p.fail_time) * 86400)       AS age_s,
       TO_CHAR(p.retry_time, 'YYYY-MM-DD HH24:MI:SS') AS last_retry,
       p.host                                       AS host,
       p.db_user                                    AS db_user
FROM dba_2pc_pending p
ORDER BY p.fail_time
FETCH FIRST 100 ROWS ONLY
