-- Crash safety of committed data, one row per setting (the expected_settings judge): fsync and
-- full_page_writes (a crash without them can corrupt the cluster), synchronous_commit (off loses the
-- last commits on a crash, without corruption), data_checksums (set at initdb / pg_checksums: without
-- them storage corruption goes unnoticed), and the two switches that hide corruption when it is found
-- (zero_damaged_pages, ignore_checksum_failure).
SELECT name, setting, coalesce(' ' || unit, '') AS unit, current_setting(name) AS shown, source
FROM pg_settings
WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit', 'data_checksums', 'zero_damaged_pages',
               'ignore_checksum_failure')
ORDER BY name
