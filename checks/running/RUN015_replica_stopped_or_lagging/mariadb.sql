-- MariaDB has no selectable view of replica status (information_schema.SLAVE_STATUS arrives in 11.x),
-- so this reads SHOW ALL SLAVES STATUS: one row per replication connection, none when not a replica.
-- Needs SLAVE MONITOR (REPLICATION CLIENT alone is refused since 10.5).
SHOW ALL SLAVES STATUS
