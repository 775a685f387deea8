-- Online redo log configuration per redo thread (V$LOG: one row per group; each RAC instance writes its own
-- thread): how many groups, their sizes, the fewest members. Two groups is Oracle's minimum; with only two,
-- a switch waits whenever the other group is still being archived or checkpointed ('log file switch
-- (checkpoint incomplete)' / '(archiving needed)'). Groups of different sizes in one thread make switch
-- intervals uneven. The switch rate itself is RUN027's.
SELECT TO_CHAR(l.thread#)                          AS thread,
       COUNT(*)                                    AS groups,
       ROUND(MIN(l.bytes) / 1048576)               AS min_mb,
       ROUND(MAX(l.bytes) / 1048576)               AS max_mb,
       MIN(l.members)                              AS min_members
FROM v$log l
GROUP BY l.thread#
ORDER BY l.thread#
