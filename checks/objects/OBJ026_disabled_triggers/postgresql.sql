-- Disabled triggers (pg_trigger.tgenabled = 'D'; check_postgres disabled_triggers, pgwatch
-- reco_disabled_triggers). Triggers set to fire only on replicas ('R') or always ('A') are enabled
-- by design and not listed. ALTER TABLE … DISABLE TRIGGER ALL also disables the internal triggers
-- that enforce foreign keys (and deferrable unique / exclusion constraints): those are shown once
-- per constraint (``trigger_name`` = the constraint, ``kind`` 'constraint') — the constraint is
-- then not enforced. A partition's clone of a disabled parent trigger goes with the parent
-- (tgparentid, PostgreSQL 13+). Disabled event triggers of this database (pg_event_trigger
-- evtenabled 'D': often the DDL audit) are rows too: ``kind`` 'event', ``schema_name`` '(event
-- trigger)', ``table_name`` the event it fires on. Other sessions' temporary tables are left out.
-- Bounded: 200, with how many there are.
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
),
found AS (
    SELECT n.nspname::text  AS schema_name,
           c.relname::text  AS table_name,
           d.trigger_name::text,
           d.kind,
           d.definition,
           d.triggers
    FROM disabled d
    JOIN pg_class c ON c.oid = d.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname !~ '^pg_(toast_)?temp_'
    UNION ALL
    SELECT '(event trigger)', e.evtevent::text, e.evtname::text, 'event',
           format('ON %s%s EXECUTE FUNCTION %s', e.evtevent,
                  CASE WHEN e.evttags IS NOT NULL THEN ' WHEN TAG IN (' || array_to_string(e.evttags, ', ') || ')' ELSE '' END,
                  e.evtfoid::regproc),
           1
    FROM pg_event_trigger e
    WHERE e.evtenabled = 'D'
)
SELECT f.*, count(*) OVER () AS total
FROM found f
ORDER BY f.kind = 'constraint' DESC, f.kind = 'event' DESC, f.schema_name, f.table_name, f.trigger_name
LIMIT 200
