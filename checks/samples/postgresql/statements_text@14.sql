-- The text of the statements whose key the store does not hold yet (PostgreSQL 14+: with toplevel).
-- As pg_stat_statements normalises it (constants as $1 …); dbpatrol masks what literals remain and
-- bounds the length before storing it (checks/samples mask_statement).
SELECT s.userid::text || ':' || s.dbid::text || ':' || s.queryid::text || ':'
       || CASE WHEN s.toplevel THEN 't' ELSE 'f' END                            AS object,
       left(s.query, 8000)                                                       AS text
FROM pg_stat_statements(true) s
WHERE s.queryid = ANY(:queryids)
