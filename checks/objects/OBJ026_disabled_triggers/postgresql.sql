-- Disabled triggers (pg_trigger.tgenabled = 'D'; check_postgres disabled_triggers, pgwatch
-- reco_disabled_triggers). Triggers set to fire only on replicas ('R') or always ('A') are enabled
-- by design and not listed. ALTER TABLE … DISABLE TRIGGER ALL also disables the internal triggers
-- that enforce foreign keys (and deferrable unique / exclusion constraints): those are shown once
-- per constraint (``trigger_name`` = the constraint, ``kind`` 'constraint') — the constraint is
-- then not enforced. A partition's clone of a disabled parent trigger goes with the parent
-- (tgparentid, PostgreSQL 13+). Bounded: 200, with how many there are.
WITH disabled AS (
    SELECT t.tgrelid,
           CASE WHEN t.tgisinternal AND t.tgconstraint <> 0 THEN k.conname ELSE t.tgname END     AS trigger_name,
           CASE WHEN t.tgisinternal AND t.tgconstraint <> 0 THEN 'constraint' ELSE 'user' END    AS kind,
           CASE WHEN t.tgisinternal AND t.tgconstraint <> 0 THEN pg_get_constraintdef(k.oid)
                ELSE pg_get_triggerdef(t.oid) END                                                AS definition,
           count(*)                                                                             AS triggers
    FROM pg_trigger t
    LEFT JOIN pg_constraint k ON k.oid = t.tgconstraint
    WHERE t.tgenabled = 'D'
      AND NOT (t.tgparentid <> 0 AND EXISTS (SELECT 1 FROM pg_trigger p WHERE p.oid = t.tgparentid AND p.tgenabled = 'D'))
    GROUP BY 1, 2, 3, 4
)
SELECT n.nspname            AS schema_name,
       c.relname            AS table_name,
       d.trigger_name,
       d.kind,
       d.definition,
       d.triggers,
       count(*) OVER ()     AS total
FROM disabled d
JOIN pg_class c ON c.oid = d.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY d.kind = 'constraint' DESC, n.nspname, c.relname, d.trigger_name
LIMIT 200
