from checks.judges import rows_judge, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    return Outcome.WARNING, "foreign_key" if row.get("kind") == "foreign key" else "problem"


# Severity: PgHero lists every invalid (NOT VALID) constraint (catalog PG-OBJ-10, "any"); a warning —
# the rule holds for new rows, the old ones are unproven.
SPEC = CheckSpec(
    code="OBJ025",
    name="unvalidated_constraints",
    title=T("Constraints never validated (NOT VALID)", "从未验证的约束（NOT VALID）"),
    category="objects",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="12", privilege="login")},
    columns=("schema_name", "table_name", "constraint_name", "kind", "definition", "referenced_table", "table_bytes",
             "total"),
    object_key=("schema_name", "table_name", "constraint_name"),
    scope="database",
    judge=with_sql_total(rows_judge([], problem="problem", flag=_rate)),
    messages={
        "ok": T("Every constraint is validated", "所有约束均已验证"),
        "problem": T("{count} constraint(s) added NOT VALID and never validated; e.g. {kind} {constraint_name} on "
                     "{schema_name}.{table_name}: {definition} — rows older than it were never checked",
                     "{count} 个约束以 NOT VALID 方式添加且从未验证；例如 {schema_name}.{table_name} 上的 {kind} 约束 "
                     "{constraint_name}：{definition}——早于它的数据从未经过校验"),
        "foreign_key": T("{count} constraint(s) added NOT VALID and never validated; e.g. foreign key {constraint_name} "
                         "on {schema_name}.{table_name} → {referenced_table}: older rows may point at rows that do not "
                         "exist",
                         "{count} 个约束以 NOT VALID 方式添加且从未验证；例如 {schema_name}.{table_name} 上引用 "
                         "{referenced_table} 的外键 {constraint_name}：早于它的数据可能指向不存在的行"),
    },
    remediation=RemediationSpec(
        text=T("Validate it: VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, so reads and "
               "writes go on. If it fails, the error names a violating row: fix the data first.",
               "执行 VALIDATE CONSTRAINT：它在 SHARE UPDATE EXCLUSIVE 锁下扫描全表，读写不受阻塞。若验证失败，报错会指出违反约束的行，"
               "需先修正数据。"),
        commands={"postgresql": [
            "ALTER TABLE <schema>.<table> VALIDATE CONSTRAINT <constraint>;",
            "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE NOT convalidated;",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT"],
    ),
    timeout_s=10,
)
