-- Tables autovacuum has fallen behind on, measured against autovacuum's own trigger for each table
-- (PostgreSQL "The Autovacuum Daemon"; a table's reloptions override the server settings):
--   vacuum:  n_dead_tup         > autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples
--            (PostgreSQL 18+: capped at autovacuum_vacuum_max_threshold)
--   inserts: n_ins_since_vacuum > autovacuum_vacuum_insert_threshold + .._insert_scale_factor * reltuples
--            (-1 disables it; PostgreSQL 18+ scales by the unfrozen share of the table, which this
--            leaves out: the trigger read here is the larger one, so a table is called due later)
--   analyze: n_mod_since_analyze > autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * reltuples
-- *_trigger_pct is how far past its trigger a table is (100 = due now). *_overdue_h estimates how long
-- it has been due: the hours since its last (auto)vacuum / analyze times the share of its writes that
-- came after the trigger was reached, assuming writes arrived at a steady rate — a table without
-- writes, or one that just became due, is not overdue however old its last vacuum. NULL when it was
-- never vacuumed / analyzed. Partitioned parents (autovacuum does not process them) and temporary
-- tables are left out. Rows: tables that are due, or whose own autovacuum_enabled is false; plus one
-- row per server setting that stops autovacuum (autovacuum = off; track_counts = off: then no counter
-- moves and nothing can be judged). Settings first, then the worst tables, at most 200, each with the total.
WITH setting AS (
    SELECT current_setting('autovacuum')::bool                                   AS autovacuum,
           current_setting('track_counts')::bool                                 AS track_counts,
           current_setting('autovacuum_vacuum_threshold')::numeric               AS vac_base,
           current_setting('autovacuum_vacuum_scale_factor')::numeric            AS vac_scale,
           current_setting('autovacuum_vacuum_insert_threshold')::numeric        AS ins_base,
           current_setting('autovacuum_vacuum_insert_scale_factor')::numeric     AS ins_scale,
           current_setting('autovacuum_analyze_threshold')::numeric              AS anl_base,
           current_setting('autovacuum_analyze_scale_factor')::numeric           AS anl_scale,
           current_setting('autovacuum_vacuum_max_threshold', true)::numeric     AS vac_max   -- 18+
),
opt AS (
    SELECT c.oid,
           bool_and(o.option_value::bool) FILTER (WHERE o.option_name = 'autovacuum_enabled')                    AS enabled,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_vacuum_threshold')            AS vac_base,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_vacuum_scale_factor')         AS vac_scale,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_vacuum_insert_threshold')     AS ins_base,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_vacuum_insert_scale_factor')  AS ins_scale,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_analyze_threshold')           AS anl_base,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_analyze_scale_factor')        AS anl_scale,
           max(o.option_value::numeric) FILTER (WHERE o.option_name = 'autovacuum_vacuum_max_threshold')        AS vac_max
    FROM pg_class c
    CROSS JOIN LATERAL pg_options_to_table(c.reloptions) o
    WHERE c.reloptions IS NOT NULL AND c.relkind IN ('r', 'm')
    GROUP BY c.oid
),
tab AS (
    SELECT t.relid,
           t.schemaname                                                          AS schema_name,
           t.relname                                                             AS table_name,
           t.n_live_tup, t.n_dead_tup, t.n_ins_since_vacuum, t.n_mod_since_analyze,
           greatest(t.last_vacuum, t.last_autovacuum)                            AS last_vacuum,
           greatest(t.last_analyze, t.last_autoanalyze)                          AS last_analyze,
           coalesce(o.enabled, true)                                             AS autovacuum_enabled,
           least(coalesce(o.vac_base, s.vac_base) + coalesce(o.vac_scale, s.vac_scale) * greatest(c.reltuples::numeric, 0),
                 nullif(coalesce(o.vac_max, s.vac_max), -1))                     AS vacuum_trigger,
           CASE WHEN coalesce(o.ins_base, s.ins_base) >= 0
                THEN coalesce(o.ins_base, s.ins_base) + coalesce(o.ins_scale, s.ins_scale) * greatest(c.reltuples::numeric, 0) END AS insert_trigger,
           coalesce(o.anl_base, s.anl_base) + coalesce(o.anl_scale, s.anl_scale) * greatest(c.reltuples::numeric, 0) AS analyze_trigger
    FROM pg_stat_user_tables t
    JOIN pg_class c ON c.oid = t.relid
    CROSS JOIN setting s
    LEFT JOIN opt o ON o.oid = t.relid
    WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'
),
rated AS (
    SELECT tab.*,
           round(100 * n_dead_tup / nullif(vacuum_trigger, 0), 1)                AS dead_trigger_pct,
           round(100 * n_ins_since_vacuum / nullif(insert_trigger, 0), 1)        AS insert_trigger_pct,
           round(100 * n_mod_since_analyze / nullif(analyze_trigger, 0), 1)      AS analyze_trigger_pct,
           extract(epoch FROM now() - last_vacuum) / 3600                        AS vacuum_age_h,
           extract(epoch FROM now() - last_analyze) / 3600                       AS analyze_age_h
    FROM tab
),
due AS (
    SELECT r.*,
           r.n_dead_tup > r.vacuum_trigger OR r.n_ins_since_vacuum > r.insert_trigger AS vacuum_due,
           r.n_mod_since_analyze > r.analyze_trigger                                  AS analyze_due,
           round((r.vacuum_age_h * greatest(
               CASE WHEN r.n_dead_tup > r.vacuum_trigger THEN 1 - r.vacuum_trigger / r.n_dead_tup ELSE 0 END,
               CASE WHEN r.n_ins_since_vacuum > r.insert_trigger THEN 1 - r.insert_trigger / r.n_ins_since_vacuum ELSE 0 END
           ))::numeric, 4)                                                                AS vacuum_overdue_h,
           round((r.analyze_age_h * CASE WHEN r.n_mod_since_analyze > r.analyze_trigger
                                          THEN 1 - r.analyze_trigger / r.n_mod_since_analyze ELSE 0 END)::numeric, 4) AS analyze_overdue_h
    FROM rated r
),
found AS (
    SELECT 'table'::text AS kind, d.schema_name::text, d.table_name::text, d.n_live_tup, d.n_dead_tup,
           d.vacuum_trigger::bigint AS vacuum_trigger, d.dead_trigger_pct, d.n_ins_since_vacuum, d.insert_trigger_pct,
           d.n_mod_since_analyze, d.analyze_trigger_pct, d.last_vacuum, round(d.vacuum_age_h::numeric, 4) AS vacuum_age_h,
           d.vacuum_overdue_h, d.last_analyze, round(d.analyze_age_h::numeric, 4) AS analyze_age_h, d.analyze_overdue_h,
           d.autovacuum_enabled,
           (SELECT count(*) FROM pg_stat_progress_vacuum p WHERE p.relid = d.relid) > 0 AS vacuum_running
    FROM due d
    WHERE d.vacuum_due OR d.analyze_due OR NOT d.autovacuum_enabled
    UNION ALL
    SELECT 'setting', 'pg_settings', s.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, false, NULL
    FROM pg_settings s
    WHERE s.name IN ('autovacuum', 'track_counts') AND s.setting = 'off'
)
SELECT f.*, count(*) OVER () AS total
FROM found f
ORDER BY f.kind = 'table', greatest(f.dead_trigger_pct, f.insert_trigger_pct, f.analyze_trigger_pct) DESC NULLS LAST,
         f.schema_name, f.table_name
LIMIT 200
