-- One row always (the check runs on standbys only): the state of the WAL receiver (no receiver row = not
-- streaming), how long since it last heard from the sender, and whether streaming is configured at all
-- (primary_conninfo set; NULL before PostgreSQL 12, where it lives in recovery.conf). Only whether
-- primary_conninfo is empty is read, never its text (it may hold a password).
-- An idle primary sends nothing: the receiver itself asks for a reply after wal_receiver_timeout / 2 of
-- silence (measured on 18: the age cycles 0 -> 30 s at the default 60 s), so that is how long a healthy
-- link can stay quiet (ping_after_s). silent_s is the silence beyond it; NULL when wal_receiver_timeout
-- is 0 (no ping: an idle link and a stalled one cannot be told apart).
SELECT r.status,
       r.sender_host,
       r.slot_name,
       extract(epoch FROM now() - r.last_msg_receipt_time)::bigint              AS last_msg_age_s,
       t.ping_after_s,
       CASE WHEN t.ping_after_s > 0
            THEN extract(epoch FROM now() - r.last_msg_receipt_time)::bigint - t.ping_after_s END AS silent_s,
       CASE WHEN current_setting('primary_conninfo', true) IS NULL THEN NULL
            ELSE current_setting('primary_conninfo', true) <> '' END            AS conninfo_set
FROM (SELECT (setting::bigint / 2000) AS ping_after_s
      FROM pg_settings WHERE name = 'wal_receiver_timeout') AS t
LEFT JOIN pg_stat_wal_receiver r ON true
