-- One row always (the check runs on standbys only): the state of the WAL receiver (no receiver row = not
-- streaming), how long since it last heard from the sender, and whether streaming is configured at all
-- (primary_conninfo set; NULL before PostgreSQL 12, where it lives in recovery.conf). Only whether
-- primary_conninfo is empty is read, never its text (it may hold a password).
SELECT r.status,
       r.sender_host,
       r.slot_name,
       extract(epoch FROM now() - r.last_msg_receipt_time)::bigint              AS last_msg_age_s,
       CASE WHEN current_setting('primary_conninfo', true) IS NULL THEN NULL
            ELSE current_setting('primary_conninfo', true) <> '' END            AS conninfo_set
FROM (SELECT 1) AS one
LEFT JOIN pg_stat_wal_receiver r ON true
