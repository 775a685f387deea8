from checks.judges import rows_judge, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("kind") == "constraint":
        return Outcome.CRITICAL, "constraint"  # the foreign key (or deferred unique check) is not enforced
    return Outcome.WARNING, "problem"


# Severity: check_postgres disabled_triggers is critical at one disabled trigger ("in normal usage having
# disabled triggers is a dangerous event", 1/1; catalog PG-OBJ-11). Here a disabled user trigger warns
# (some are switched off on purpose during a load) and a disabled constraint trigger is critical: the
# constraint it enforces no longer holds for new writes.
SPEC = CheckSpec(
    code="OBJ026",
    name="disabled_triggers",
    title=T("Disabled triggers", "被禁用的触发器"),
    category="objects",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="13", privilege="login")},
    columns=("schema_name", "table_name", "trigger_name", "kind", "definition", "triggers", "total"),
    object_key=("schema_name", "table_name", "trigger_name"),
    scope="database",
    judge=with_sql_total(rows_judge([], problem="problem", flag=_rate)),
    messages={
        "ok": T("No disabled trigger", "没有被禁用的触发器"),
        "problem": T("{count} disabled trigger(s); e.g. {trigger_name} on {schema_name}.{table_name}: it does not fire",
                     "{count} 个触发器被禁用；例如 {schema_name}.{table_name} 上的 {trigger_name}：它不会被触发"),
        "constraint": T("Constraint {trigger_name} on {schema_name}.{table_name} is not enforced: its internal "
                        "trigger(s) are disabled ({definition}; ALTER TABLE … DISABLE TRIGGER ALL?) — {count} disabled "
                        "in all",
                        "表 {schema_name}.{table_name} 上的约束 {trigger_name} 未被强制执行：其内部触发器已被禁用（{definition}；"
                        "是否执行过 ALTER TABLE … DISABLE TRIGGER ALL？）——共 {count} 处被禁用"),
    },
    remediation=RemediationSpec(
        text=T("Find who disabled it and why (a bulk load, a migration left half done). Enable it again; for a "
               "constraint, check the rows written while it was off (a foreign key: rows pointing at nothing) and "
               "re-validate it.",
               "查明是谁、为何禁用（批量导入、未完成的迁移）。重新启用；若是约束触发器，检查禁用期间写入的数据（外键：指向不存在行的数据），"
               "并重新验证约束。"),
        commands={"postgresql": [
            "ALTER TABLE <schema>.<table> ENABLE TRIGGER <trigger>;",
            "ALTER TABLE <schema>.<table> ENABLE TRIGGER ALL;  -- also the constraints' internal triggers",
            "ALTER TABLE <schema>.<table> DROP CONSTRAINT <fk>, ADD CONSTRAINT <fk> FOREIGN KEY (…) REFERENCES … NOT VALID;"
            " ALTER TABLE <schema>.<table> VALIDATE CONSTRAINT <fk>;  -- re-check rows written meanwhile",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DISABLE-ENABLE-TRIGGER",
                    "https://www.postgresql.org/docs/current/catalog-pg-trigger.html"],
    ),
    timeout_s=10,
)
