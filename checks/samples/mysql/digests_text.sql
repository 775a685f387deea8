-- The normalised text (DIGEST_TEXT: literals already '?', cut at max_digest_length) of the digests whose key the
-- store does not hold yet, given by the numeric id in their key (:queryids); dbpatrol masks anything left and
-- bounds the length before storing it (checks/samples mask_statement). MySQL 8 and MariaDB.
SELECT CONCAT('d:', DIGEST, ':', CONV(LEFT(DIGEST, 15), 16, 10), ':', COALESCE(SCHEMA_NAME, ''))  AS object,
       DIGEST_TEXT                                                                                 AS text
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST IS NOT NULL
  AND CAST(CONV(LEFT(DIGEST, 15), 16, 10) AS UNSIGNED) IN :queryids
