from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("object_kind") == "TRIGGER":
        return Outcome.WARNING, "trigger"
    if str(row.get("status")) == "DISABLED":
        return Outcome.WARNING, "disabled"
    return Outcome.WARNING, "novalidate"


_rows = rows_judge([], problem="disabled", flag=_rate)


@uses("excluded_owners")
def judge(rows, th, ctx):
    skip = {str(o).upper() for o in th["excluded_owners"].value or ()}
    return _rows([r for r in rows if str(r.get("owner") or "").upper() not in skip], th, ctx)


SPEC = CheckSpec(
    code="OBJ013",
    name="disabled_constraints_or_triggers",
    title=T("Oracle disabled or unvalidated constraints, disabled triggers", "Oracle 存在禁用或未验证的约束、禁用的触发器"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="pdb",
                                     privilege="SELECT ON DBA_CONSTRAINTS, SELECT ON DBA_TRIGGERS, SELECT ON DBA_USERS")},
    columns=("object_kind", "owner", "object_name", "table_name", "detail", "status", "validated", "last_change"),
    thresholds=(
        Threshold(name="excluded_owners", unit="schema", kind="list", value=(),
                  rationale="schemas whose disabled constraints or triggers a site accepts (a data-warehouse staging "
                            "schema loading with constraints off); none by default: any is reported (database.ink "
                            "weekly '约束有效性', catalog ORA-OBJ-03)"),
    ),
    judge=judge,
    object_key=("object_kind", "owner", "object_name"),
    messages={
        "ok": T("Every application constraint is enabled and validated, every trigger enabled",
                "所有应用约束均已启用并验证，所有触发器均已启用"),
        "disabled": T("{detail} constraint {owner}.{object_name} on {table_name} is DISABLED (last change "
                      "{last_change}); {count} finding(s) in all",
                      "{table_name} 上的 {detail} 约束 {owner}.{object_name} 处于 DISABLED 状态（最近变更 {last_change}）；"
                      "共 {count} 项"),
        "novalidate": T("{detail} constraint {owner}.{object_name} on {table_name} is enabled but NOT VALIDATED: rows "
                        "already there may break it; {count} finding(s) in all",
                        "{table_name} 上的 {detail} 约束 {owner}.{object_name} 已启用但 NOT VALIDATED：已有数据可能违反该约束；"
                        "共 {count} 项"),
        "trigger": T("Trigger {owner}.{object_name} ({detail} on {table_name}) is DISABLED; {count} finding(s) in all",
                     "触发器 {owner}.{object_name}（{table_name} 上的 {detail}）处于 DISABLED 状态；共 {count} 项"),
    },
    remediation=RemediationSpec(
        text=T("Ask the owner why it is off (a load that never switched it back is the usual cause). Enable and "
               "validate; the rows that break it are listed with EXCEPTIONS INTO (table created by "
               "@?/rdbms/admin/utlexpt1.sql). Enable a trigger only once its owner confirms its logic is wanted.",
               "向其负责人确认禁用原因（常见原因是数据加载后未恢复）。启用并验证；违反约束的行可用 EXCEPTIONS INTO 列出"
               "（异常表由 @?/rdbms/admin/utlexpt1.sql 创建）。触发器须经负责人确认其逻辑仍需要后再启用。"),
        commands={"oracle": ["ALTER TABLE <owner>.<table> ENABLE VALIDATE CONSTRAINT <constraint> EXCEPTIONS INTO <owner>.exceptions;",
                             "ALTER TRIGGER <owner>.<trigger> ENABLE;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_CONSTRAINTS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TRIGGERS.html"],
    ),
    timeout_s=30,
)
