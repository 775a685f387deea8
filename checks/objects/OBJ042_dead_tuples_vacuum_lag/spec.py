from decimal import Decimal

from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _plain(row: dict) -> dict:
    """A row's values for a message: driver Decimals as numbers, so they print like the evidence does."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


_RULES = (("dead_trigger_pct", "dead_trigger_pct"), ("vacuum_overdue_h", "vacuum_overdue_h"),
          ("analyze_overdue_h", "analyze_overdue_h"))


def _true(v) -> bool:
    return str(v).lower() in ("true", "t", "1")


@uses("dead_trigger_pct", "vacuum_overdue_h", "analyze_overdue_h", "autovacuum_disabled")
def judge(rows, th, ctx) -> Verdict:
    """Tables behind autovacuum's own trigger (dead rows, hours overdue), and places where autovacuum is
    off: the server settings and tables with autovacuum_enabled = false, counted as pgwatch does."""
    settings = {r.get("table_name") for r in rows if r.get("kind") == "setting"}
    tables = [r for r in rows if r.get("kind") == "table"]
    disabled = [r for r in tables if not _true(r.get("autovacuum_enabled"))]
    off_count = len(settings) + len(disabled)
    off_outcome = th["autovacuum_disabled"].classify(off_count) if off_count else Outcome.OK
    total = num(rows[0].get("total")) if rows else 0

    lagging = []  # (row, outcome, the rule that rated it worst)
    for r in tables:
        outcome, cause = Outcome.OK, None
        for column, name in _RULES:
            o = th[name].classify(num(r.get(column)))
            if o.rank > outcome.rank:
                outcome, cause = o, column
        if outcome is not Outcome.OK:
            lagging.append((r, outcome, cause))
    lagging.sort(key=lambda x: (-x[1].rank, -(num(x[0].get("dead_trigger_pct")) or 0)))

    objects = {ctx.object_of(r): o for r, o, _ in lagging}
    for r in disabled:
        key = ctx.object_of(r)
        if key not in objects or off_outcome.rank > objects[key].rank:
            objects[key] = off_outcome
    for name in settings:
        objects[f"pg_settings.{name}"] = off_outcome
    params = {"count": len(lagging), "due": len(tables), "total": total, "disabled": off_count,
              "disabled_tables": len(disabled)}
    lag_outcome = lagging[0][1] if lagging else Outcome.OK
    outcome = Outcome.worst([lag_outcome, off_outcome])
    evidence = [r for r in rows if r.get("kind") == "setting"] + [r for r, _, _ in lagging] + \
        [r for r in disabled if all(r is not x for x, _, _ in lagging)]
    if outcome is Outcome.OK:
        return Verdict(outcome=outcome, message="ok", params=params, evidence=tables[:EVIDENCE_LIMIT],
                       total=len(tables), objects={})
    if off_outcome.rank >= lag_outcome.rank:  # autovacuum off explains any lag: say that first
        message = "no_counts" if "track_counts" in settings else "server_off" if "autovacuum" in settings else "disabled"
        if disabled:
            params.update(_plain(disabled[0]))
        if lagging:
            params["lag_table"] = f"{lagging[0][0].get('schema_name')}.{lagging[0][0].get('table_name')}"
    else:
        worst, _, cause = lagging[0]
        params.update(_plain(worst), value=num(worst.get(cause)))
        if cause == "analyze_overdue_h":
            message = "problem_analyze"
        elif _true(worst.get("vacuum_running")):
            message = "problem_running"
        elif worst.get("last_vacuum") is None:
            message = "problem_never"
        elif num(worst.get("vacuum_age_h")) is not None and num(worst.get("vacuum_age_h")) < 1:
            message = "problem_recent"
        else:
            message = "problem"
        for key in ("vacuum_age_h", "vacuum_overdue_h", "analyze_age_h", "analyze_overdue_h"):
            if params.get(key) is None:
                params[key] = "—"
    return Verdict(outcome=outcome, message=message, params=params, evidence=evidence[:EVIDENCE_LIMIT],
                   total=len(evidence), objects=objects)


_DUE = ("{n_dead_tup} dead rows = {dead_trigger_pct}% of its autovacuum trigger ({vacuum_trigger}), last vacuum "
        "{vacuum_age_h} h ago (≈ {vacuum_overdue_h} h overdue); thresholds {dead_trigger_pct_warning}% of the trigger, "
        "{vacuum_overdue_h_warning} h overdue")
_DUE_ZH = ("{n_dead_tup} 行死元组，为其 autovacuum 触发点（{vacuum_trigger}）的 {dead_trigger_pct}%，上次 vacuum 在 "
           "{vacuum_age_h} 小时前（约已逾期 {vacuum_overdue_h} 小时）；阈值为触发点的 {dead_trigger_pct_warning}%、"
           "逾期 {vacuum_overdue_h_warning} 小时")

SPEC = CheckSpec(
    code="OBJ042",
    name="dead_tuples_vacuum_lag",
    title=T("Autovacuum falling behind: dead rows and overdue vacuum / analyze", "autovacuum 滞后：死元组堆积、vacuum/analyze 逾期"),
    category="objects",
    tier="weekly",
    engines={
        # pg_stat_user_tables needs nothing; pg_stat_progress_vacuum names another session's table (relid) only
        # to pg_read_all_stats (pg_monitor includes it)
        "postgresql": EngineSupport(min_version="13", privilege="pg_read_all_stats", roles=("primary",)),
    },
    scope="database",
    columns=("kind", "schema_name", "table_name", "n_live_tup", "n_dead_tup", "vacuum_trigger", "dead_trigger_pct",
             "n_ins_since_vacuum", "insert_trigger_pct", "n_mod_since_analyze", "analyze_trigger_pct", "last_vacuum",
             "vacuum_age_h", "vacuum_overdue_h", "last_analyze", "analyze_age_h", "analyze_overdue_h",
             "autovacuum_enabled", "vacuum_running", "total"),
    object_key=("schema_name", "table_name"),
    thresholds=(
        Threshold(name="dead_trigger_pct", unit="% of the autovacuum trigger", warning=200, critical=1000,
                  direction="above",
                  rationale="digoal generate_report.sh and pg-healthcheck G05-003 flag dead rows over 20 % of live rows, "
                            "which is 100 % of the default trigger (scale factor 0.2); measured against each table's own "
                            "trigger, at 2× so a table that just became due (autovacuum wakes every naptime) is not "
                            "flagged; 10× = with defaults, dead rows outnumber live ones twice over"),
        Threshold(name="vacuum_overdue_h", unit="h", warning=24, critical=48, direction="above",
                  rationale="check_postgres last_vacuum / last_autovacuum 1 day / 2 days (PG-OBJ-07), counted from when "
                            "the table became due (estimated from its write rate since the last vacuum), so a table "
                            "without writes, or one that only just reached its trigger, is never flagged"),
        Threshold(name="analyze_overdue_h", unit="h", warning=24, critical=48, direction="above",
                  rationale="check_postgres last_analyze / last_autoanalyze 1 day / 2 days (PG-OBJ-07), counted from "
                            "when the table's changes passed its autovacuum analyze trigger"),
        Threshold(name="autovacuum_disabled", unit="places", warning=1, critical=10, direction="above",
                  rationale="pgwatch health check 'Autovacuum disabled': autovacuum off server-wide or per table, 1 "
                            "orange / 10 red (PG-OBJ-07); track_counts = off counts too (autovacuum cannot trigger)"),
    ),
    judge=judge,
    messages={
        "ok": T("Autovacuum keeps up: {due} table(s) past a trigger now, none over {dead_trigger_pct_warning}% of its "
                "vacuum trigger or overdue by {vacuum_overdue_h_warning} h (vacuum) / {analyze_overdue_h_warning} h "
                "(analyze); {disabled} place(s) with autovacuum off",
                "autovacuum 跟得上：当前 {due} 张表越过触发点，没有表超过其 vacuum 触发点的 {dead_trigger_pct_warning}%，"
                "也没有 vacuum 逾期 {vacuum_overdue_h_warning} 小时或 analyze 逾期 {analyze_overdue_h_warning} 小时；"
                "{disabled} 处关闭了 autovacuum"),
        "problem": T("{count} table(s) behind autovacuum; worst {schema_name}.{table_name}: " + _DUE +
                     "; no vacuum is running on it",
                     "{count} 张表的 autovacuum 滞后；最严重的是 {schema_name}.{table_name}：" + _DUE_ZH +
                     "；当前没有 vacuum 在处理它"),
        "problem_never": T("{count} table(s) behind autovacuum; worst {schema_name}.{table_name}: {n_dead_tup} dead rows "
                           "= {dead_trigger_pct}% of its autovacuum trigger ({vacuum_trigger}), and it has never been "
                           "vacuumed since its statistics began (threshold {dead_trigger_pct_warning}% of the trigger); no "
                           "vacuum is running on it",
                           "{count} 张表的 autovacuum 滞后；最严重的是 {schema_name}.{table_name}：{n_dead_tup} 行死元组，"
                           "为其 autovacuum 触发点（{vacuum_trigger}）的 {dead_trigger_pct}%，且自统计开始以来从未做过 vacuum"
                           "（阈值为触发点的 {dead_trigger_pct_warning}%）；当前没有 vacuum 在处理它"),
        "problem_running": T("{count} table(s) behind autovacuum; worst {schema_name}.{table_name}: " + _DUE +
                             "; a vacuum is working on it now",
                             "{count} 张表的 autovacuum 滞后；最严重的是 {schema_name}.{table_name}：" + _DUE_ZH +
                             "；当前已有 vacuum 正在处理它"),
        "problem_recent": T("{count} table(s) behind autovacuum; worst {schema_name}.{table_name}: " + _DUE +
                            ". It was vacuumed within the hour and is past its trigger again: writes outpace "
                            "autovacuum, or the vacuum could not remove dead rows because the xmin horizon is held "
                            "(long transaction, slot, prepared transaction — RUN012)",
                            "{count} 张表的 autovacuum 滞后；最严重的是 {schema_name}.{table_name}：" + _DUE_ZH +
                            "。它在一小时内刚做过 vacuum 却再次越过触发点：写入速度超过了 autovacuum，或因 xmin 水位被拖住"
                            "（长事务、复制槽、两阶段事务——RUN012）vacuum 无法清理死元组"),
        "problem_analyze": T("{count} table(s) behind autovacuum; worst {schema_name}.{table_name}: {n_mod_since_analyze} "
                             "rows changed since its last analyze {analyze_age_h} h ago = {analyze_trigger_pct}% of its "
                             "analyze trigger (≈ {analyze_overdue_h} h overdue, threshold {analyze_overdue_h_warning} h): "
                             "the planner works from stale statistics",
                             "{count} 张表的 autovacuum 滞后；最严重的是 {schema_name}.{table_name}：自 {analyze_age_h} "
                             "小时前上次 analyze 以来变更 {n_mod_since_analyze} 行，为其 analyze 触发点的 "
                             "{analyze_trigger_pct}%（约已逾期 {analyze_overdue_h} 小时，阈值 {analyze_overdue_h_warning} "
                             "小时）：优化器在使用过期的统计信息"),
        "disabled": T("Autovacuum is disabled on {disabled_tables} table(s) (autovacuum_enabled = false), e.g. "
                      "{schema_name}.{table_name} (threshold {autovacuum_disabled_warning}); {count} table(s) behind "
                      "autovacuum",
                      "{disabled_tables} 张表禁用了 autovacuum（autovacuum_enabled = false），例如 "
                      "{schema_name}.{table_name}（阈值 {autovacuum_disabled_warning}）；{count} 张表的 autovacuum 滞后"),
        "server_off": T("autovacuum = off on this server: only anti-wraparound vacuums run, dead rows pile up and "
                        "statistics go stale ({disabled} place(s) with autovacuum off, {due} table(s) past a trigger, "
                        "{count} behind beyond the thresholds)",
                        "此服务器设置了 autovacuum = off：只有防回卷 vacuum 会运行，死元组会堆积、统计信息会过期"
                        "（{disabled} 处关闭了 autovacuum，{due} 张表越过触发点，{count} 张超过阈值）"),
        "no_counts": T("track_counts = off on this server: no table's dead rows or changes are counted, so autovacuum "
                       "never triggers and this check cannot see any lag",
                       "此服务器设置了 track_counts = off：不统计任何表的死元组和变更，autovacuum 永远不会触发，本检查也无法看到任何滞后"),
    },
    remediation=RemediationSpec(
        text=T("Find why autovacuum does not get to the table: workers all busy (raise autovacuum_max_workers, or "
               "the table's cost limit), a lock it cannot take (autovacuum skips a locked table), a held xmin horizon "
               "(RUN012: nothing dead can be removed), or triggers too coarse for a large table (lower its scale "
               "factor). Vacuum or analyze the table by hand now; turn autovacuum back on where it was disabled.",
               "找出 autovacuum 处理不到该表的原因：工作进程全忙（调大 autovacuum_max_workers 或该表的 cost limit）、"
               "拿不到锁（autovacuum 会跳过被锁的表）、xmin 水位被拖住（RUN012：死元组无法清理），或大表的触发点过粗"
               "（调低其 scale factor）。现在先手工 VACUUM / ANALYZE 该表；把被禁用的 autovacuum 重新打开。"),
        commands={
            "postgresql": [
                "SELECT relname, n_dead_tup, last_autovacuum, last_autoanalyze FROM pg_stat_user_tables "
                "ORDER BY n_dead_tup DESC LIMIT 20;",
                "SELECT pid, datname, relid::regclass, phase FROM pg_stat_progress_vacuum;",
                "VACUUM (VERBOSE, ANALYZE) <schema>.<table>;",
                "ALTER TABLE <schema>.<table> SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.01);",
                "ALTER TABLE <schema>.<table> RESET (autovacuum_enabled);",
            ],
        },
        references=["https://www.postgresql.org/docs/current/routine-vacuuming.html#AUTOVACUUM",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ALL-TABLES-VIEW",
                    "https://bucardo.org/check_postgres/check_postgres.pl.html#last_vacuum"],
    ),
    timeout_s=10,
)
