from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("used_pct")
def judge(rows, th, ctx) -> Verdict:
    lv = th["used_pct"]
    rated = [(r, lv.classify(num(r.get("used_pct")))) for r in rows]  # the SQL sorts fullest first
    bad = [x for x in rated if x[1] is not Outcome.OK]
    total = int(num(rows[0].get("total")) or 0) if rows else 0
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok" if rows else "ok_none",
                       params={**(rows[0] if rows else {}), "total": total, "count": 0},
                       evidence=rows[:10], objects={})
    outcome = Outcome.worst(o for _, o in bad)
    worst = next(r for r, o in bad if o is outcome)  # the fullest at the worst level
    return Verdict(outcome=outcome, message="problem", params={**worst, "total": total, "count": len(bad)},
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ061",
    name="auto_increment_near_max",
    title=T("AUTO_INCREMENT columns near their type's maximum", "自增列接近其类型上限"),
    category="objects",
    tier="weekly",
    engines={
        # COLUMNS shows only columns the user holds a column privilege on (SELECT, INSERT, UPDATE or
        # REFERENCES); REFERENCES on *.* shows every table's columns and TABLES.AUTO_INCREMENT without
        # reading data and without letting the user change anything (measured on MariaDB 10.11).
        "mysql": EngineSupport(min_version="8.0", privilege="REFERENCES"),
        "mariadb": EngineSupport(min_version="10.2", privilege="REFERENCES"),
    },
    columns=("table_schema", "table_name", "column_name", "column_type", "next_value", "max_value", "used_pct",
             "table_rows", "total"),
    object_key=("table_schema", "table_name"),
    thresholds=(
        Threshold(name="used_pct", unit="% of the type's range", warning=85, critical=95, direction="above",
                  rationale="check_postgres `sequence` warns at 85 % and is critical at 95 % of a sequence's range (catalog "
                            "PG-OBJ-08), the same exhaustion; MySQLTuner flags 75 %, BlueKing's int-overflow alarm 98 % "
                            "(MY-OBJ-03) — too late for a weekly cycle"),
    ),
    judge=judge,
    messages={
        "ok_none": T("No AUTO_INCREMENT column in a user table", "业务表中没有自增列"),
        "ok": T("{total} AUTO_INCREMENT column(s): the fullest, {table_schema}.{table_name}.{column_name} ({column_type}), "
                "has used {used_pct}% of its range (threshold {used_pct_warning}%)",
                "共 {total} 个自增列：使用比例最高的 {table_schema}.{table_name}.{column_name}（{column_type}）已用 "
                "{used_pct}%（阈值 {used_pct_warning}%）"),
        "problem": T("{table_schema}.{table_name}.{column_name} ({column_type}) has used {used_pct}% of its range (next "
                     "value {next_value} of {max_value}); at the maximum every INSERT fails — {count} of {total} "
                     "AUTO_INCREMENT column(s) over {used_pct_warning}%",
                     "{table_schema}.{table_name}.{column_name}（{column_type}）已用掉取值范围的 {used_pct}%（下一个值 "
                     "{next_value}，上限 {max_value}）；达到上限后所有 INSERT 都会失败——{total} 个自增列中有 {count} 个超过 "
                     "{used_pct_warning}%"),
    },
    remediation=RemediationSpec(
        text=T("Widen the column before it fills: ALTER TABLE … MODIFY to BIGINT (UNSIGNED where values are never "
               "negative) rebuilds the table, so run it in a maintenance window or with an online schema-change tool, and "
               "widen every foreign key column that references it in the same change. If the ids were burnt by a large "
               "auto_increment_increment or by failed inserts, find that cause too. On MySQL 8 the value shown can lag up "
               "to information_schema_stats_expiry (ANALYZE TABLE refreshes it).",
               "在用尽之前扩大列类型：ALTER TABLE … MODIFY 为 BIGINT（取值不会为负时用 UNSIGNED）会重建整表，请在维护窗口或用在线"
               "变更工具执行，并在同一变更中同步扩大所有引用该列的外键列。若 id 是被较大的 auto_increment_increment 或失败的插入"
               "消耗掉的，也要找出原因。MySQL 8 上显示的值可能滞后至多 information_schema_stats_expiry（ANALYZE TABLE 可刷新）。"),
        commands={
            "mysql": ["SELECT MAX(<column>) FROM <schema>.<table>;",
                      "ALTER TABLE <schema>.<table> MODIFY <column> BIGINT UNSIGNED NOT NULL AUTO_INCREMENT;  -- rebuilds "
                      "the table: in a maintenance window",
                      "pt-online-schema-change --alter 'MODIFY <column> BIGINT UNSIGNED NOT NULL AUTO_INCREMENT' "
                      "D=<schema>,t=<table> --execute"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/example-auto-increment.html",
                    "https://github.com/mysql/mysql-sys/blob/master/views/i_s/schema_auto_increment_columns.sql",
                    "https://bucardo.org/check_postgres/check_postgres.pl.html#sequence"],
    ),
    timeout_s=30,
)
