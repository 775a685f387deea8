-- The text of the statements whose key the store does not hold yet (PostgreSQL 13: top level only).
-- As pg_stat_statements normalises it (constants as $1 …); dbpatrol masks what literals remain and
-- bounds the length before storing it (checks/samples mask_statement).
SELECT s.userid::text || ':' || s.dbid::text || ':' || s.queryid::text || ':t' AS object, left(s.query, 8000) AS text
FROM pg_stat_statements(true) s
WHERE s.queryid = ANY(:queryids)
