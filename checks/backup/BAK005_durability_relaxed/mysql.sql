-- Crash durability of committed transactions: redo flushed at every commit, binlog synced at every commit.
SELECT @@log_bin                          AS log_bin,
       @@sync_binlog                      AS sync_binlog,
       @@innodb_flush_log_at_trx_commit   AS innodb_flush_log_at_trx_commit
