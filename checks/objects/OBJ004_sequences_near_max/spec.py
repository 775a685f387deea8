from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OBJ004",
    name="sequences_near_max",
    title=T("Oracle sequences near their maximum value", "Oracle 序列接近最大值"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_SEQUENCES")},
    columns=("owner", "sequence_name", "last_number", "limit_value", "used_pct"),
    thresholds=(
        Threshold(name="used_pct", unit="% of range", warning=80, critical=95, direction="above",
                  rationale="a non-cycling sequence at its limit fails every NEXTVAL with ORA-08004 (catalog ORA-OBJ-09 "
                            "names no threshold; 80/95 % as the PostgreSQL sequence checks of check_postgres, ours "
                            "for Oracle). The SQL returns only sequences past half their range"),
    ),
    judge=rows_judge([("used_pct", "used_pct")], problem="near"),
    messages={
        "ok": T("No non-cycling sequence past {used_pct_warning}% of its range", "没有非循环序列超过其取值范围的 {used_pct_warning}%"),
        "near": T("Sequence {owner}.{sequence_name} has used {used_pct}% of its range (at {last_number}, limit {limit_value}); "
                  "{count} over the threshold",
                  "序列 {owner}.{sequence_name} 已用掉取值范围的 {used_pct}%（当前 {last_number}，上限 {limit_value}）；"
                  "共 {count} 个超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("Raise MAXVALUE (ALTER SEQUENCE … MAXVALUE …) if the column it feeds can hold larger values, or plan "
               "the key change; CYCLE is only right where values may repeat.",
               "若其填充的列能容纳更大的值，提高 MAXVALUE（ALTER SEQUENCE … MAXVALUE …），否则规划主键变更；只有允许取值重复时才可用 CYCLE。"),
        commands={"oracle": ["ALTER SEQUENCE <owner>.<seq> MAXVALUE <n>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_SEQUENCES.html"],
    ),
    timeout_s=20,
    object_key=("owner", "sequence_name"),
)
