-- One row always: is this a standby, and if so, the state of its WAL receiver (no receiver row = not streaming).
SELECT pg_is_in_recovery()                                                      AS is_standby,
       r.status,
       r.sender_host,
       r.slot_name,
       extract(epoch FROM now() - r.last_msg_receipt_time)::bigint              AS last_msg_age_s
FROM (SELECT 1) AS one
LEFT JOIN pg_stat_wal_receiver r ON true
