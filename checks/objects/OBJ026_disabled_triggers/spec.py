from checks.judges import rows_judge, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("kind") == "constraint":
        return Outcome.CRITICAL, "constraint"  # the foreign key (or deferred unique check) is not enforced
    if row.get("kind") == "event":
        return Outcome.WARNING, "event"  # a database-wide event trigger: often the DDL audit
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
    # primary only: the catalogs a standby replays are the primary's (one finding per cluster, not per node)
    engines={"postgresql": EngineSupport(min_version="13", privilege="login", roles=("primary",))},
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
        "event": T("{count} disabled trigger(s); e.g. event trigger {trigger_name} ({definition}) is disabled: what it "
                   "does on every {table_name} in this database — often the DDL audit — no longer happens",
                   "{count} 个触发器被禁用；例如事件触发器 {trigger_name}（{definition}）已被禁用：它在本库每次 {table_name} "
                   "时所做的事（通常是 DDL 审计）不再执行"),
    },
    remediation=RemediationSpec(
        text=T("Find who disabled it and why (a bulk load, a migration left half done). Enable it again; for a "
               "constraint, check the rows written while it was off (a foreign key: rows pointing at nothing) and "
               "re-validate it. The table's owner can enable its user triggers (ENABLE TRIGGER <name> / USER); a "
               "constraint's internal triggers are system triggers only a superuser may enable (ENABLE TRIGGER ALL, "
               "or by name) — the owner gets 'permission denied: … is a system trigger' and instead drops and re-adds "
               "the constraint NOT VALID, then validates it. An event trigger is enabled by its owner (a superuser).",
               "查明是谁、为何禁用（批量导入、未完成的迁移）。重新启用；若是约束触发器，检查禁用期间写入的数据（外键：指向不存在行的数据），"
               "并重新验证约束。表的属主可以启用其用户触发器（ENABLE TRIGGER <名称> / USER）；约束的内部触发器属于系统触发器，"
               "只有超级用户能启用（ENABLE TRIGGER ALL 或按名称）——属主执行会报 permission denied: … is a system trigger，"
               "属主应删除约束后以 NOT VALID 重新添加，再进行验证。事件触发器由其属主（超级用户）启用。"),
        commands={"postgresql": [
            "ALTER TABLE <schema>.<table> ENABLE TRIGGER <trigger>;  -- the table's owner",
            "ALTER TABLE <schema>.<table> ENABLE TRIGGER USER;  -- the owner: every user trigger of the table",
            "ALTER TABLE <schema>.<table> ENABLE TRIGGER ALL;  -- a superuser only: also the constraints' internal "
            "(system) triggers",
            "ALTER EVENT TRIGGER <trigger> ENABLE;  -- kind event, as its owner",
            "ALTER TABLE <schema>.<table> DROP CONSTRAINT <fk>, ADD CONSTRAINT <fk> FOREIGN KEY (…) REFERENCES … NOT VALID;"
            " ALTER TABLE <schema>.<table> VALIDATE CONSTRAINT <fk>;  -- re-check rows written meanwhile",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DISABLE-ENABLE-TRIGGER",
                    "https://www.postgresql.org/docs/current/catalog-pg-trigger.html"],
    ),
    timeout_s=10,
)
