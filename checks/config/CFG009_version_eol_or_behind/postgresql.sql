-- The server's version: the judge compares its major with the end-of-life dates and its minor with the
-- newest minor release it knows (both list thresholds a bank can update without a code change).
SELECT current_setting('server_version')             AS version,
       current_setting('server_version_num')::int    AS version_num
