from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.performance._pg import pct
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: the ratio of the in-window increases of blks_hit and blks_read (not since the reset).
WINDOW = WindowSpec(source="pg.database", match=("scope",), counters={"blks_hit": "blks_hit", "blks_read": "blks_read"})
PGHERO_TARGET = 99  # PgHero's cache-hit target (below it PgHero shows the rate in red): named in the messages


@uses("hit_pct", "min_blocks")
def judge(rows, th, ctx) -> Verdict:
    """The buffer cache hit ratio of each database that requested at least min_blocks blocks; the rest are
    listed as too idle to rate. The worst rated database decides."""
    floor = th["min_blocks"].value or 0
    rated, idle = [], []
    for r in rows:
        hit, read = num(r.get("blks_hit")) or 0, num(r.get("blks_read")) or 0
        row = {**r, "blocks": int(hit + read), "hit_pct": pct(hit, hit + read)}
        (rated if hit + read >= floor and row["hit_pct"] is not None else idle).append(row)
    params = {"count": len(rated), "idle": len(idle), "min_blocks": int(floor), "target": PGHERO_TARGET}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="few", params=params, evidence=idle[:EVIDENCE_LIMIT], objects={})
    graded = [(r, th["hit_pct"].classify(r["hit_pct"])) for r in rated]
    graded.sort(key=lambda x: x[0]["hit_pct"])
    worst_row, _ = graded[0]
    outcome = Outcome.worst(o for _, o in graded)
    below = [r for r, _ in graded if r["hit_pct"] < PGHERO_TARGET]
    params.update({k: worst_row.get(k) for k in ("scope", "hit_pct", "blks_hit", "blks_read", "blocks",
                                                  "counters_since", "shared_buffers")})
    params["below_target"] = len(below)
    bad = [r for r, o in graded if o is not Outcome.OK]
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=(bad or [r for r, _ in graded])[:EVIDENCE_LIMIT], objects=ctx.objects(graded),
                   total=len(bad) if bad else None)


SPEC = CheckSpec(
    code="PRF013",
    name="cache_hit_low",
    title=T("Low buffer cache hit ratio", "缓冲区缓存命中率低"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash (as ERR004)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=("scope", "blks_hit", "blks_read", "counters_since", "days_since", "shared_buffers"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="hit_pct", unit="%", warning=90, critical=80, direction="below",
                  rationale="PMM advisor: cache hit ratio under 90 % warning, under 80 % critical (catalog PG-PERF-05); "
                            "PgHero's target is 99 % (named in the message), pgwatch colours under 90 / 50 %"),
        Threshold(name="min_blocks", unit="blocks", kind="guard", value=100000,
                  rationale="a database that requested fewer than 100,000 blocks (about 780 MB at 8 kB) in the time "
                            "covered is idle: its ratio is the cost of a few cold reads after a restart; listed, not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("buffer cache hit ratio at least {hit_pct}% ({scope}: {blks_read} of {blocks} blocks read outside "
                "shared_buffers) in the {count} databases with {min_blocks} blocks or more since {counters_since}, when "
                "these counters started (the last stats reset or crash) — not over the window: no snapshots cover it; "
                "{below_target} under PgHero's {target}% target; {idle} too idle to rate",
                "在自 {counters_since}（计数起点：最近一次统计重置或实例崩溃）以来访问块数不少于 {min_blocks} 的 {count} 个数据库中，"
                "缓冲区命中率最低为 {hit_pct}%（{scope}：{blocks} 个块中 {blks_read} 个在 shared_buffers 之外读取）——"
                "非窗口内数据：没有快照覆盖窗口；{below_target} 个低于 PgHero 的 {target}% 目标；{idle} 个访问太少未评估"),
        "few": T("no database requested {min_blocks} blocks or more since the counters started ({idle} databases): too "
                 "idle to rate a cache hit ratio",
                 "自计数起点以来没有数据库访问达 {min_blocks} 个块（共 {idle} 个数据库）：访问太少，不评估缓存命中率"),
        "problem": T("buffer cache hit ratio {hit_pct}% in {scope} ({blks_read} of {blocks} blocks read outside "
                     "shared_buffers since {counters_since}, when these counters started; threshold {hit_pct_warning}%, "
                     "shared_buffers {shared_buffers})",
                     "{scope} 的缓冲区命中率为 {hit_pct}%（自 {counters_since}（计数起点）以来 {blocks} 个块中 {blks_read} "
                     "个在 shared_buffers 之外读取；阈值 {hit_pct_warning}%，shared_buffers {shared_buffers}）"),
        "window.ok": T("buffer cache hit ratio in the window at least {hit_pct}% ({scope}: {blks_read} of {blocks} "
                       "blocks read outside shared_buffers) in the {count} databases with {min_blocks} blocks or more "
                       "(snapshots from {window_since} to {window_until}, covering {coverage_pct}% of the window); "
                       "{below_target} under PgHero's {target}% target; {idle} too idle to rate",
                       "窗口内访问块数不少于 {min_blocks} 的 {count} 个数据库中，缓冲区命中率最低为 {hit_pct}%（{scope}："
                       "{blocks} 个块中 {blks_read} 个在 shared_buffers 之外读取；快照 {window_since} 至 {window_until}，覆盖"
                       "窗口 {coverage_pct}%）；{below_target} 个低于 PgHero 的 {target}% 目标；{idle} 个访问太少未评估"),
        "window.few": T("no database requested {min_blocks} blocks or more in the window (snapshots from {window_since} to "
                        "{window_until}, covering {coverage_pct}% of the window; {idle} databases): too idle to rate",
                        "窗口内没有数据库访问达 {min_blocks} 个块（快照 {window_since} 至 {window_until}，覆盖窗口 "
                        "{coverage_pct}%；共 {idle} 个数据库）：访问太少，不评估"),
        "window.problem": T("buffer cache hit ratio {hit_pct}% in {scope} in the window ({blks_read} of {blocks} blocks "
                            "read outside shared_buffers; snapshots from {window_since} to {window_until}, covering "
                            "{coverage_pct}% of the window; threshold {hit_pct_warning}%, shared_buffers {shared_buffers})",
                            "窗口内 {scope} 的缓冲区命中率为 {hit_pct}%（{blocks} 个块中 {blks_read} 个在 shared_buffers "
                            "之外读取；快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；阈值 "
                            "{hit_pct_warning}%，shared_buffers {shared_buffers}）"),
    },
    remediation=RemediationSpec(
        text=T("Find the statements that read most blocks (pg_stat_statements shared_blks_read, the top-SQL checks) and "
               "the tables read by sequential scans (PRF016): a missing index or a report scanning history costs more "
               "than memory can fix. If the working set is simply larger than shared_buffers, raise it (about 25 % of RAM "
               "is the usual start; a restart is needed).",
               "找出读取块最多的语句（pg_stat_statements 的 shared_blks_read，见 Top SQL 检查项）以及被顺序扫描的表"
               "（PRF016）：缺失索引或扫描历史数据的报表，靠加内存解决不了。若只是工作集大于 shared_buffers，则调大它"
               "（通常从内存的 25% 左右开始；需要重启）。"),
        commands={"postgresql": [
            "SELECT datname, blks_hit, blks_read, round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2) AS hit_pct "
            "FROM pg_stat_database ORDER BY blks_read DESC;",
            "ALTER SYSTEM SET shared_buffers = '<about 25 % of RAM>';  -- then restart; a size the host cannot allocate (RAM, huge pages, other instances) stops the server from starting",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS",
                    "https://github.com/ankane/pghero"],
    ),
    timeout_s=5,
)
