import datetime as dt
import re

from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

# TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD …') and TIMESTAMP' 2027-01-01 00:00:00' as DBA_TAB_PARTITIONS
# writes them (Oracle Database Reference 19c ALL_TAB_PARTITIONS.HIGH_VALUE: the bound's expression as text).
_DATE = re.compile(r"(?:TO_DATE|TIMESTAMP)\s*\(?\s*'\s*-?(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?", re.I)


def bound_of(high_value):
    """The date a HIGH_VALUE text names, 'MAXVALUE', or None (a number or other bound: not rated)."""
    text = str(high_value or "").strip()
    if text.upper().startswith("MAXVALUE"):
        return "MAXVALUE"
    m = _DATE.search(text)
    if not m:
        return None
    return dt.datetime.fromisoformat(f"{m.group(1)} {m.group(2) or '00:00:00'}")


@uses("days_left")
def judge(rows, th, ctx):
    rated = []
    for r in rows:
        bound = bound_of(r.get("high_value"))
        if bound is None:
            continue
        if bound == "MAXVALUE":
            rows_in = num(r.get("last_partition_rows"))
            outcome = Outcome.WARNING if rows_in else Outcome.OK
            rated.append(({**r, "days_left": None}, outcome, "maxvalue"))
            continue
        now = dt.datetime.fromisoformat(str(r.get("server_now")))
        days = round((bound - now).total_seconds() / 86400, 1)
        outcome = th["days_left"].classify(days)
        rated.append(({**r, "days_left": days, "bound": bound.isoformat(sep=" ")}, outcome, "near"))
    bad = sorted([x for x in rated if x[1] is not Outcome.OK],
                 key=lambda x: (-x[1].rank, x[0]["days_left"] if x[0]["days_left"] is not None else 1e9))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params={"checked": len(rated), "total": len(rows)},
                       evidence=[x[0] for x in rated][:EVIDENCE_LIMIT], objects=ctx.objects(rated))
    worst, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**worst, "count": len(bad), "checked": len(rated)},
                   evidence=[x[0] for x in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ012",
    name="range_partitions_near_last_bound",
    title=T("Oracle range-partitioned tables running out of partitions", "Oracle 范围分区表即将没有可用分区"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="pdb",
                                     privilege="SELECT ON DBA_TAB_PARTITIONS, SELECT ON DBA_PART_TABLES, "
                                               "SELECT ON DBA_PART_KEY_COLUMNS, SELECT ON DBA_USERS")},
    columns=("owner", "table_name", "last_partition", "partitions", "high_value", "last_partition_rows", "key_column",
             "server_now"),
    thresholds=(
        Threshold(name="days_left", unit="days", warning=30, critical=7, direction="below",
                  rationale="catalog ORA-OBJ-14 (database.ink weekly '分区表状态') names no level; 30 / 7 days before "
                            "the last date bound are ours: a month to add partitions in a change window, a week "
                            "before inserts past the bound fail with ORA-14400"),
    ),
    judge=judge,
    object_key=("owner", "table_name"),
    messages={
        "ok": T("No range-partitioned table without INTERVAL is within {days_left_warning} days of its last "
                "partition's bound ({checked} with a date or MAXVALUE bound checked)",
                "没有未使用 INTERVAL 的范围分区表距最后分区上界不足 {days_left_warning} 天（已检查 {checked} 张有日期或 "
                "MAXVALUE 上界的表）"),
        "near": T("{owner}.{table_name}: the last partition {last_partition} ends at {bound} ({days_left} days from "
                  "now, by {key_column}); inserts past it fail with ORA-14400. {count} table(s) in all",
                  "{owner}.{table_name}：最后分区 {last_partition} 的上界为 {bound}（距今 {days_left} 天，按 {key_column}）；"
                  "超过它的插入将报 ORA-14400。共 {count} 张表"),
        "maxvalue": T("{owner}.{table_name}: {last_partition_rows} row(s) already land in the MAXVALUE partition "
                      "{last_partition}, past the last real bound: add partitions by splitting it. {count} table(s) in all",
                      "{owner}.{table_name}：已有 {last_partition_rows} 行落入 MAXVALUE 分区 {last_partition}（超出最后一个"
                      "实际上界）：请拆分该分区以增加分区。共 {count} 张表"),
    },
    remediation=RemediationSpec(
        text=T("Add the coming partitions now (ALTER TABLE … ADD PARTITION, or SPLIT PARTITION of the MAXVALUE "
               "partition), or convert the table to INTERVAL partitioning so Oracle adds them itself.",
               "现在就添加后续分区（ALTER TABLE … ADD PARTITION，或对 MAXVALUE 分区执行 SPLIT PARTITION），"
               "或将该表改为 INTERVAL 分区，由 Oracle 自动添加。"),
        commands={"oracle": [
            "ALTER TABLE <owner>.<table> ADD PARTITION <p_next> VALUES LESS THAN (TO_DATE('<next bound>', 'YYYY-MM-DD'));",
            "ALTER TABLE <owner>.<table> SET INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'));"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_PARTITIONS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/vldbg/maintenance-partition-tables-indexes.html"],
    ),
    timeout_s=30,
)
