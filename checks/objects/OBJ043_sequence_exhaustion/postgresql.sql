-- How much of its range each sequence in this database has used, against the lower of its own limit
-- (pg_sequence seqmax / seqmin) and the limit of the narrowest integer column it feeds: an integer
-- (int4) primary key fed by a bigint sequence fails at 2^31 - 1 although the sequence is nowhere near
-- its own maximum. A sequence feeds a column it is owned by (serial: pg_depend deptype 'a'; identity:
-- 'i') or one whose DEFAULT calls nextval() on it (the default depends on the sequence). Columns that
-- take ids from elsewhere (the application, a sequence in another database) cannot be told from the
-- catalog and are not seen. used_pct counts from the start of the range towards that limit in the
-- direction the sequence moves; calls_left is how many nextval() calls remain.
--
-- The current value is read with pg_sequence_last_value(), which needs SELECT or USAGE on the sequence
-- (pg_read_all_data gives SELECT on all) and takes a RowExclusiveLock on it until the transaction
-- ends: with tens of thousands of sequences that would fill the shared lock table, which every
-- session needs. So a sequence is read (read_status 'read') only when it can run out — at most 2^53
-- calls from its start to its limit (a default bigint sequence feeding a bigint column has 2^63: at a
-- million calls a second 2^53 alone takes 285 years; it is 'wide_range', not read) — and at most half
-- the lock table's nominal size is used (max_locks_per_transaction × (max_connections +
-- max_prepared_transactions) / 2, read_cap), sequences feeding a key first, then the narrowest
-- ranges: the rest are 'over_cap'. A sequence never called (or reset with setval(…, false)) counts
-- from its start value. Temporary sequences are left out. Rows: the fullest first, at most 200, each
-- with the totals.
WITH seq AS (
    SELECT c.oid,
           n.nspname                                                      AS schema_name,
           c.relname                                                      AS sequence_name,
           format_type(s.seqtypid, NULL)                                  AS data_type,
           s.seqstart::numeric                                            AS start_value,
           s.seqincrement::numeric                                        AS increment_by,
           s.seqmin::numeric                                              AS min_value,
           s.seqmax::numeric                                              AS max_value,
           s.seqcycle                                                     AS cycle,
           has_sequence_privilege(c.oid, 'SELECT, USAGE')                 AS readable
    FROM pg_sequence s
    JOIN pg_class c ON c.oid = s.seqrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
),
feeds AS (   -- (sequence, table, column) pairs: owned by the column, or called by its DEFAULT
    SELECT d.objid AS seq_oid, d.refobjid AS rel_oid, d.refobjsubid AS attnum
    FROM pg_depend d
    JOIN pg_sequence ps ON ps.seqrelid = d.objid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
    UNION
    SELECT d.refobjid, ad.adrelid, ad.adnum
    FROM pg_depend d
    JOIN pg_sequence ps ON ps.seqrelid = d.refobjid
    JOIN pg_attrdef ad ON ad.oid = d.objid
    WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
),
fed AS (
    SELECT f.seq_oid,
           string_agg(format('%I.%I.%I (%s)', n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod)),
                      ', ' ORDER BY n.nspname, c.relname, a.attname)      AS fed_columns,
           min(CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647
                               WHEN 'int8'::regtype THEN 9223372036854775807 END)::numeric AS column_max,
           bool_or(EXISTS (SELECT 1 FROM pg_index i
                           WHERE i.indrelid = f.rel_oid AND (i.indisprimary OR i.indisunique)
                             AND f.attnum = ANY (i.indkey::int2[])))     AS feeds_key
    FROM feeds f
    JOIN pg_class c ON c.oid = f.rel_oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = f.rel_oid AND a.attnum = f.attnum AND NOT a.attisdropped
    GROUP BY f.seq_oid
),
cand AS MATERIALIZED (
    SELECT seq.*,
           fed.fed_columns, fed.column_max, coalesce(fed.feeds_key, false) AS feeds_key,
           CASE WHEN seq.increment_by > 0 THEN least(seq.max_value, coalesce(fed.column_max, seq.max_value))
                ELSE greatest(seq.min_value, coalesce(-fed.column_max - 1, seq.min_value)) END AS limit_value
    FROM seq
    LEFT JOIN fed ON fed.seq_oid = seq.oid
),
ranked AS MATERIALIZED (
    SELECT c.*,
           abs((c.limit_value - c.start_value) / c.increment_by) <= 9007199254740992 AS exhaustible,
           row_number() OVER (PARTITION BY c.readable AND abs((c.limit_value - c.start_value) / c.increment_by) <= 9007199254740992
                              ORDER BY c.feeds_key DESC, abs((c.limit_value - c.start_value) / c.increment_by), c.oid) AS read_rank,
           current_setting('max_locks_per_transaction')::int
             * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) / 2 AS read_cap
    FROM cand c
),
state AS MATERIALIZED (
    SELECT r.*,
           CASE WHEN NOT r.readable       THEN 'no_privilege'
                WHEN NOT r.exhaustible    THEN 'wide_range'
                WHEN r.read_rank > r.read_cap THEN 'over_cap'
                ELSE 'read' END                                           AS read_status
    FROM ranked r
),
valued AS MATERIALIZED (
    SELECT s.*,
           CASE WHEN s.read_status = 'read'
                THEN coalesce(pg_sequence_last_value(s.oid)::numeric, s.start_value) END AS last_value
    FROM state s
)
SELECT schema_name,
       sequence_name,
       data_type,
       read_status,
       last_value,
       limit_value,
       CASE WHEN increment_by > 0 THEN min_value ELSE max_value END  AS range_start,
       increment_by,
       cycle,
       readable,
       fed_columns,
       feeds_key,
       limit_value <> CASE WHEN increment_by > 0 THEN max_value ELSE min_value END AS column_bound,
       CASE WHEN last_value IS NULL THEN NULL
            WHEN increment_by > 0
            THEN round(100 * greatest(last_value - min_value, 0) / nullif(limit_value - min_value, 0), 2)
            ELSE round(100 * greatest(max_value - last_value, 0) / nullif(max_value - limit_value, 0), 2) END AS used_pct,
       CASE WHEN last_value IS NOT NULL THEN greatest(floor((limit_value - last_value) / increment_by), 0) END AS calls_left,
       count(*) OVER ()                                                AS total,
       count(*) FILTER (WHERE read_status = 'wide_range') OVER ()      AS wide_range,
       count(*) FILTER (WHERE read_status = 'over_cap') OVER ()        AS over_cap,
       read_cap
FROM valued
ORDER BY used_pct DESC NULLS LAST, schema_name, sequence_name
LIMIT 200
