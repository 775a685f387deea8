from checks.judges import rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome

KIND_ZH = {"check": "检查", "foreign key": "外键", "not null": "非空", "domain check": "域检查"}


def _rate(row, ctx):
    kind = row.get("kind")
    return Outcome.WARNING, "foreign_key" if kind == "foreign key" else "domain" if kind == "domain check" else "problem"


_rows = with_sql_total(rows_judge([], problem="problem", flag=_rate))


@uses()
def judge(rows, th, ctx) -> Verdict:
    verdict = _rows(rows, th, ctx)
    verdict.params["kind_zh"] = KIND_ZH.get(str(verdict.params.get("kind")), verdict.params.get("kind"))
    return verdict


# Severity: PgHero lists every invalid (NOT VALID) constraint (catalog PG-OBJ-10, "any"); a warning —
# the rule holds for new rows, the old ones are unproven.
SPEC = CheckSpec(
    code="OBJ025",
    name="unvalidated_constraints",
    title=T("Constraints never validated (NOT VALID)", "从未验证的约束（NOT VALID）"),
    category="objects",
    tier="weekly",
    # primary only: the catalogs a standby replays are the primary's (one finding per cluster, not per node)
    engines={"postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",))},
    columns=("schema_name", "table_name", "constraint_name", "kind", "definition", "referenced_table", "table_bytes",
             "total"),
    object_key=("schema_name", "table_name", "constraint_name"),
    scope="database",
    judge=judge,
    messages={
        "ok": T("Every constraint is validated", "所有约束均已验证"),
        "problem": T("{count} constraint(s) added NOT VALID and never validated; e.g. {kind} {constraint_name} on "
                     "{schema_name}.{table_name}: {definition} — rows older than it were never checked",
                     "{count} 个约束以 NOT VALID 方式添加且从未验证；例如 {schema_name}.{table_name} 上的{kind_zh}约束 "
                     "{constraint_name}：{definition}——早于它的数据从未经过校验"),
        "foreign_key": T("{count} constraint(s) added NOT VALID and never validated; e.g. foreign key {constraint_name} "
                         "on {schema_name}.{table_name} → {referenced_table}: older rows may point at rows that do not "
                         "exist",
                         "{count} 个约束以 NOT VALID 方式添加且从未验证；例如 {schema_name}.{table_name} 上引用 "
                         "{referenced_table} 的外键 {constraint_name}：早于它的数据可能指向不存在的行"),
        "domain": T("{count} constraint(s) added NOT VALID and never validated; e.g. check {constraint_name} on domain "
                    "{schema_name}.{table_name}: {definition} — values stored in columns of that type before it were "
                    "never checked",
                    "{count} 个约束以 NOT VALID 方式添加且从未验证；例如域 {schema_name}.{table_name} 上的检查约束 "
                    "{constraint_name}：{definition}——在它之前存入该类型列中的值从未经过校验"),
    },
    remediation=RemediationSpec(
        text=T("Validate it: VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, so reads and "
               "writes go on. If it fails, the error names a violating row: fix the data first. A domain's constraint "
               "is validated with ALTER DOMAIN … VALIDATE CONSTRAINT, which checks every column of that type in every "
               "table and may hold off writes to each table while it scans it: run it off-peak.",
               "执行 VALIDATE CONSTRAINT：它在 SHARE UPDATE EXCLUSIVE 锁下扫描全表，读写不受阻塞。若验证失败，报错会指出违反约束的行，"
               "需先修正数据。域上的约束用 ALTER DOMAIN … VALIDATE CONSTRAINT 验证：它会检查所有表中该类型的每一列，"
               "扫描某张表时可能阻塞对该表的写入，应在业务低峰执行。"),
        commands={"postgresql": [
            "ALTER TABLE <schema>.<table> VALIDATE CONSTRAINT <constraint>;",
            "ALTER DOMAIN <schema>.<domain> VALIDATE CONSTRAINT <constraint>;  -- kind domain check",
            "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE NOT convalidated;",
        ]},
        references=["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT"],
    ),
    timeout_s=10,
)
