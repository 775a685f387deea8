from decimal import Decimal

from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _plain(row: dict) -> dict:
    """A row's values for a message: driver Decimals as numbers, so they print like the evidence does."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def _true(v) -> bool:
    return str(v).lower() in ("true", "t", "1")


@uses("used_pct")
def judge(rows, th, ctx) -> Verdict:
    """Each sequence read this run by the share of its range used towards the lower of its own limit and
    the narrowest integer column it feeds. A CYCLE sequence wraps instead of failing, so it is rated only
    when it feeds a primary-key or unique column (the wrapped values then collide). Sequences not read
    (no privilege, a range they cannot exhaust, over the lock budget) are counted in the message. When
    some could not be read for want of SELECT on them and none of those read is at fault, the finding
    is SKIPPED (privilege), never OK: an unread sequence may be the one about to run out."""
    first = rows[0] if rows else {}
    total = int(num(first.get("total")) or 0)
    wide, over_cap = int(num(first.get("wide_range")) or 0), int(num(first.get("over_cap")) or 0)
    rated, cycling, unreadable = [], 0, 0
    for r in rows:
        if r.get("read_status") == "no_privilege":
            unreadable += 1
        elif r.get("read_status") != "read":
            continue
        elif _true(r.get("cycle")) and not _true(r.get("feeds_key")):
            cycling += 1
        else:
            rated.append((r, th["used_pct"].classify(num(r.get("used_pct")))))
    bad = sorted(((r, o) for r, o in rated if o is not Outcome.OK),
                 key=lambda ro: (-ro[1].rank, -(num(ro[0].get("used_pct")) or 0)))
    params = {"count": len(bad), "total": total, "read": total - wide - over_cap - unreadable, "cycling": cycling,
              "unreadable": unreadable, "wide_range": wide, "over_cap": over_cap,
              "read_cap": int(num(first.get("read_cap")) or 0)}
    if not bad:
        top = rated[0][0] if rated else {}
        params.update(top_sequence=f"{top.get('schema_name')}.{top.get('sequence_name')}" if top else "—",
                      top_pct=num(top.get("used_pct")) if top else 0)
        if unreadable:
            return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params=params,
                           evidence=[r for r in rows if r.get("read_status") == "no_privilege"][:EVIDENCE_LIMIT],
                           total=unreadable, objects={})
        message = "ok_empty" if not rows else "ok_partial" if over_cap else "ok"
        return Verdict(outcome=Outcome.OK, message=message, params=params,
                       evidence=[r for r, _ in rated][:EVIDENCE_LIMIT], total=len(rated), objects={})
    worst = bad[0][0]
    params.update(_plain(worst), value=num(worst.get("used_pct")), fed_columns=worst.get("fed_columns") or "—",
                  **{k: int(num(worst.get(k))) for k in ("last_value", "limit_value", "calls_left")
                     if num(worst.get(k)) is not None})
    message = "column_bound" if _true(worst.get("column_bound")) else "problem"
    return Verdict(outcome=bad[0][1], message=message, params=params, evidence=[r for r, _ in bad][:EVIDENCE_LIMIT],
                   total=len(bad), objects={ctx.object_of(r): o for r, o in bad})


_NOT_READ = ("{wide_range} with a range no workload exhausts (over 2^53 calls) and {over_cap} over this run's lock "
             "budget of {read_cap} were not read, {unreadable} unreadable; {cycling} cycling sequence(s) feeding no key "
             "not rated")
_NOT_READ_ZH = ("{wide_range} 个取值范围任何负载都用不完（超过 2^53 次调用）的序列和 {over_cap} 个超出本次锁预算 {read_cap} "
                "的序列未读取，{unreadable} 个无权读取；{cycling} 个不填充主键/唯一列的循环序列未评估")

SPEC = CheckSpec(
    code="OBJ043",
    name="sequence_exhaustion",
    title=T("Sequences (and the integer columns they feed) near their limit", "序列（及其填充的整数列）接近上限"),
    category="objects",
    tier="weekly",
    engines={
        # pg_sequence_last_value() needs SELECT or USAGE on each sequence. Nothing is declared beyond LOGIN:
        # SELECT on the sequences (GRANT SELECT ON ALL SEQUENCES IN SCHEMA …, which shows their positions and
        # no table data) or pg_read_all_data (14+, every table's data: a bank may refuse it) is what the
        # DBA grants; the check reads what it may, and without SELECT on some it is SKIPPED naming how
        # many (the judge), never OK. 12: AS MATERIALIZED.
        "postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",),
                                    partial_view="SELECT on the sequences (GRANT SELECT ON ALL SEQUENCES IN SCHEMA …: positions only), or pg_read_all_data"),
    },
    scope="database",
    columns=("schema_name", "sequence_name", "data_type", "read_status", "last_value", "limit_value", "range_start",
             "increment_by", "cycle", "readable", "fed_columns", "feeds_key", "column_bound", "used_pct", "calls_left",
             "total", "wide_range", "over_cap", "read_cap"),
    object_key=("schema_name", "sequence_name"),
    thresholds=(
        Threshold(name="used_pct", unit="% of range", warning=85, critical=95, direction="above",
                  rationale="check_postgres `sequence` 85 % / 95 % of the values used (PG-OBJ-08); PgHero flags > 90 %; "
                            "measured to the narrower of the sequence's and the fed integer column's limit, which "
                            "check_postgres read from the column type before PostgreSQL 10 and PgHero does too; "
                            "postgres-checkup L003 already reports int4 keys past 10 % as a plan-ahead item"),
    ),
    judge=judge,
    messages={
        "ok": T("No sequence past {used_pct_warning}% of its range ({read} of {total} sequence(s) read; fullest "
                "{top_sequence} at {top_pct}%; " + _NOT_READ + ")",
                "没有序列用到其取值范围的 {used_pct_warning}%（共 {total} 个序列，读取了 {read} 个；最满的 {top_sequence} 为 "
                "{top_pct}%；" + _NOT_READ_ZH + "）"),
        "ok_partial": T("No sequence read past {used_pct_warning}% of its range, but only {read} of {total} were read: "
                        "reading a sequence locks it until the check ends, and {over_cap} more would take over half the "
                        "server's lock table ({read_cap} locks; those feeding keys and with the narrowest ranges were "
                        "read first); fullest {top_sequence} at {top_pct}%; " + _NOT_READ,
                        "读取到的序列都没有用到取值范围的 {used_pct_warning}%，但 {total} 个中只读取了 {read} 个：读取序列会"
                        "将其加锁直到检查结束，再多读 {over_cap} 个就会占用超过一半的服务器锁表（{read_cap} 个锁；优先读取"
                        "填充主键/唯一列、取值范围最窄的序列）；最满的 {top_sequence} 为 {top_pct}%；" + _NOT_READ_ZH),
        "ok_empty": T("This database has no sequences", "该数据库没有序列"),
        "unreadable": T("Not inspected: the monitoring user may not read {unreadable} of the {total} sequence(s) "
                        "(no SELECT on them), and any of those may be the one near its limit; of the {read} read none "
                        "is past {used_pct_warning}% (fullest {top_sequence} at {top_pct}%). Grant SELECT on the "
                        "sequences (GRANT SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO <monitoring user>: their "
                        "positions only, no table data) or pg_read_all_data",
                        "未检查：监控用户无权读取 {total} 个序列中的 {unreadable} 个（没有 SELECT 权限），其中任何一个都可能"
                        "即将用尽；已读取的 {read} 个均未超过 {used_pct_warning}%（最满的 {top_sequence} 为 {top_pct}%）。"
                        "请授予这些序列的 SELECT 权限（GRANT SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO <监控用户>："
                        "只能看到序列的当前值，看不到表数据）或 pg_read_all_data"),
        "problem": T("{count} sequence(s) past {used_pct_warning}% of their range; worst {schema_name}.{sequence_name} "
                     "({data_type}) at {value}%: last value {last_value} of {limit_value}, {calls_left} nextval() calls "
                     "left (threshold {used_pct_warning}%/{used_pct_critical}%); feeds {fed_columns}",
                     "{count} 个序列已用到取值范围的 {used_pct_warning}% 以上；最严重的 {schema_name}.{sequence_name}"
                     "（{data_type}）已用 {value}%：当前值 {last_value}，上限 {limit_value}，还剩 {calls_left} 次 "
                     "nextval()（阈值 {used_pct_warning}%/{used_pct_critical}%）；填充列 {fed_columns}"),
        "column_bound": T("{count} sequence(s) past {used_pct_warning}% of their range; worst {schema_name}.{sequence_name} "
                          "({data_type}) at {value}% of the integer column it feeds, {fed_columns}: last value "
                          "{last_value}, the column holds at most {limit_value} — inserts fail with 'integer out of "
                          "range' after {calls_left} more rows, long before the sequence's own limit (threshold "
                          "{used_pct_warning}%/{used_pct_critical}%)",
                          "{count} 个序列已用到取值范围的 {used_pct_warning}% 以上；最严重的 {schema_name}.{sequence_name}"
                          "（{data_type}）已用到其填充的整数列 {fed_columns} 的 {value}%：当前值 {last_value}，该列最多"
                          "容纳 {limit_value}——再插入 {calls_left} 行后就会报 integer out of range，远早于序列自身的上限"
                          "（阈值 {used_pct_warning}%/{used_pct_critical}%）"),
    },
    remediation=RemediationSpec(
        text=T("Widen before the limit: change the sequence to bigint (ALTER SEQUENCE … AS bigint, instant) and the "
               "column it feeds to bigint (ALTER TABLE … ALTER COLUMN … TYPE bigint rewrites the table and its indexes "
               "under an ACCESS EXCLUSIVE lock: on a large table migrate through a new column and a batched backfill "
               "instead). A CYCLE sequence feeding a key will collide after it wraps. Referencing foreign-key columns "
               "must widen too.",
               "在到达上限前扩容：把序列改为 bigint（ALTER SEQUENCE … AS bigint，瞬时完成），并把它填充的列改为 bigint"
               "（ALTER TABLE … ALTER COLUMN … TYPE bigint 会在 ACCESS EXCLUSIVE 锁下重写整表及索引：大表应改为新增列并分批"
               "回填后切换）。填充主键的循环（CYCLE）序列在回绕后会产生重复键。引用该列的外键列也必须一起扩容。"),
        commands={
            "postgresql": [
                "-- the monitoring user reads a sequence's position with SELECT on it (no table data), per schema:",
                "GRANT SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO <monitoring user>;",
                "ALTER DEFAULT PRIVILEGES FOR ROLE <owner> IN SCHEMA <schema> GRANT SELECT ON SEQUENCES TO <monitoring user>;",
                "SELECT schemaname, sequencename, data_type, last_value, max_value FROM pg_sequences "
                "ORDER BY last_value::numeric / max_value DESC NULLS LAST;",
                "ALTER SEQUENCE <schema>.<sequence> AS bigint MAXVALUE 9223372036854775807;",
                "ALTER TABLE <schema>.<table> ALTER COLUMN <column> TYPE bigint;  -- rewrites the table: maintenance window",
            ],
        },
        references=["https://www.postgresql.org/docs/current/sql-altersequence.html",
                    "https://www.postgresql.org/docs/current/view-pg-sequences.html",
                    "https://bucardo.org/check_postgres/check_postgres.pl.html#sequence"],
    ),
    timeout_s=10,
)
