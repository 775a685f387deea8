from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("fill_pct", "dealloc")
def judge(rows, th, ctx) -> Verdict:
    """entries / pg_stat_statements.max against fill_pct (pg_profile warns at 90 %), and evictions since
    the statistics reset (PostgreSQL 14+) against dealloc; the worse decides."""
    row = rows[0] if rows else {}
    entries, mx, dealloc = num(row.get("entries")) or 0, num(row.get("max_entries")) or 0, num(row.get("dealloc"))
    fill = round(100 * entries / mx, 1) if mx else 0.0
    params = {**row, "fill": fill, "dealloc": "unknown before 14" if dealloc is None else int(dealloc)}
    o_fill = th["fill_pct"].classify(fill)
    o_dealloc = th["dealloc"].classify(dealloc)
    outcome = Outcome.worst([o_fill, o_dealloc])
    key = "ok" if outcome is Outcome.OK else ("evicted" if o_dealloc.rank >= o_fill.rank else "full")
    return Verdict(outcome=outcome, message=key, params=params, evidence=rows, since=row.get("counters_since"))


SPEC = CheckSpec(
    code="CFG013",
    name="pg_stat_statements_evicting",
    title=T("pg_stat_statements full or evicting entries (pg_stat_statements.max too small)",
            "pg_stat_statements 已满或正在淘汰条目（pg_stat_statements.max 过小）"),
    category="config",
    tier="monthly",
    scope="database",
    basis="cumulative",
    engines={"postgresql": EngineSupport(min_version="13", privilege="pg_read_all_settings",
                                         requires=("preload:pg_stat_statements", "extension:pg_stat_statements"))},
    columns=("entries", "max_entries", "dealloc", "counters_since"),
    thresholds=(
        Threshold(name="fill_pct", unit="% of pg_stat_statements.max", warning=90, critical=None,
                  rationale="pg_profile warns when pg_stat_statements holds 90 % of pg_stat_statements.max (catalog "
                            "PG-CFG-12): the next new statements evict old ones"),
        Threshold(name="dealloc", unit="evictions since reset", warning=1, critical=None,
                  rationale="pg_stat_statements_info.dealloc (PostgreSQL 14+, catalog §3): every eviction drops a "
                            "statement's statistics, so top-SQL over the window undercounts"),
    ),
    judge=judge,
    messages={
        "ok": T("pg_stat_statements holds {entries} of {max_entries} entries ({fill} %) and evicted {dealloc} since "
                "{counters_since}", "pg_stat_statements 保存 {entries}/{max_entries} 个条目（{fill}%），自 {counters_since} 起淘汰 {dealloc} 个"),
        "full": T("pg_stat_statements holds {entries} of {max_entries} entries ({fill} %, warning at {fill_pct_warning} "
                  "%): new statements will evict old ones", "pg_stat_statements 已保存 {entries}/{max_entries} 个条目"
                  "（{fill}%，{fill_pct_warning}% 告警）：新语句将淘汰旧条目"),
        "evicted": T("pg_stat_statements evicted {dealloc} entries since {counters_since} ({entries} of {max_entries} "
                     "held): the statistics of evicted statements are lost, so top-SQL undercounts",
                     "自 {counters_since} 起 pg_stat_statements 已淘汰 {dealloc} 个条目（当前 {entries}/{max_entries}）："
                     "被淘汰语句的统计丢失，Top SQL 统计偏低"),
    },
    remediation=RemediationSpec(
        text=T("Raise pg_stat_statements.max (e.g. 10000; a restart, shared memory) or cut the number of distinct "
               "statements (queries built with literals instead of parameters, pg_stat_statements.track = top).",
               "调高 pg_stat_statements.max（如 10000；需重启，占用共享内存），或减少不同语句的数量（用参数代替字面量拼接 SQL，"
               "pg_stat_statements.track = top）。"),
        commands={"postgresql": ["ALTER SYSTEM SET pg_stat_statements.max = 10000;  -- restart to apply"]},
        references=["https://www.postgresql.org/docs/current/pgstatstatements.html"],
    ),
    timeout_s=5,
)
