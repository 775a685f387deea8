from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.performance._pg import MIN_COVERED, SHORT, shown, too_short
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: in-window increases of the blocks read and of the read / write time.
WINDOW = WindowSpec(source="pg.database", match=("scope",),
                    counters={"blks_read": "blks_read", "blk_read_time": "blk_read_time",
                              "blk_write_time": "blk_write_time"})


@uses("read_ms", "min_reads", "min_covered_h")
def judge(rows, th, ctx) -> Verdict:
    """Mean time per block read (blk_read_time / blks_read) of each database that read at least min_reads
    blocks; not applicable when track_io_timing is off (the times are then not counted)."""
    if not rows:
        return Verdict(outcome=Outcome.SKIPPED, message="off", params={})
    if str(rows[0].get("track_io_timing") or "").lower() not in ("on", "true", "1"):
        return Verdict(outcome=Outcome.SKIPPED, message="off", params={})
    short = too_short(rows, th)
    if short is not None:
        return short
    floor = th["min_reads"].value or 0
    rated, idle = [], []
    for r in rows:
        reads, ms = num(r.get("blks_read")) or 0, num(r.get("blk_read_time")) or 0
        row = {**r, "read_ms": round(ms / reads, 6) if reads else None,
               "read_s": round(ms / 1000, 1), "write_s": round((num(r.get("blk_write_time")) or 0) / 1000, 1)}
        (rated if reads >= floor and reads else idle).append(row)
    params = {"count": len(rated), "idle": len(idle), "min_reads": int(floor)}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="few", params=params, evidence=idle[:EVIDENCE_LIMIT], objects={})
    graded = sorted(((r, th["read_ms"].classify(r["read_ms"])) for r in rated), key=lambda x: -x[0]["read_ms"])
    top = graded[0][0]
    outcome = Outcome.worst(o for _, o in graded)
    params.update({k: top.get(k) for k in ("scope", "blks_read", "read_s", "write_s", "counters_since")})
    params["read_ms"] = shown(top["read_ms"])
    bad = [r for r, o in graded if o is not Outcome.OK]
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=(bad or [r for r, _ in graded])[:EVIDENCE_LIMIT], objects=ctx.objects(graded))


SPEC = CheckSpec(
    code="PRF014",
    name="io_latency_high",
    title=T("Slow data-block reads (I/O latency)", "数据块读取慢（I/O 延迟高）"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: the checkpointer's backend_start, which dates a crash (as ERR004)
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats", window=WINDOW),
    },
    columns=("scope", "blks_read", "blk_read_time", "blk_write_time", "counters_since", "days_since", "track_io_timing"),
    object_key=("scope",),
    basis="cumulative",
    thresholds=(
        Threshold(name="read_ms", unit="ms/block", warning=10, direction="above",
                  rationale="pg-healthcheck G03 storage classes: NVMe ≈ 0.05 ms, SATA SSD ≈ 0.2 ms, SAN ≈ 0.5 ms, HDD ≈ "
                            "5-10 ms per block read (catalog PG-PERF-06, G03-002): a mean above 10 ms is slower than any "
                            "healthy device class (the mean includes OS page-cache hits, so the device is slower still)"),
        Threshold(name="min_reads", unit="blocks", kind="guard", value=1000,
                  rationale="pg-healthcheck minIOSamples = 1000: below 1,000 block reads the mean is too noisy; listed, "
                            "not rated"),
        MIN_COVERED,
    ),
    judge=judge,
    messages={
        **SHORT,
        "ok": T("block reads requested from the OS take {read_ms} ms on average at most ({scope}: {blks_read} blocks, {read_s} s reading, "
                "{write_s} s writing since {counters_since}, when these counters started — not over the window: no "
                "snapshots cover it; {count} databases with {min_reads} reads or more, {idle} with fewer)"
                " (A mean per block requested from the OS, its page cache's hits included — not the device's latency; and blk_read_time counts only while track_io_timing is on: turned on after the counters started, the mean is understated.)",
                "数据块平均读取时间最长为 {read_ms} 毫秒（{scope}：自 {counters_since}（计数起点）以来读取 {blks_read} 个块，"
                "读耗时 {read_s} 秒，写耗时 {write_s} 秒——非窗口内数据：没有快照覆盖窗口；{count} 个数据库读取不少于 "
                "{min_reads} 个块，{idle} 个较少）"
                "（这是向操作系统请求的每个块的平均耗时，含操作系统页缓存命中，并非设备延迟；且 blk_read_time 只在 track_io_timing 开启时计时：若计数起点之后才开启，平均值偏低。）"),
        "few": T("no database read {min_reads} blocks or more since the counters started ({idle} databases): too few "
                 "reads to rate their latency",
                 "自计数起点以来没有数据库读取达 {min_reads} 个块（共 {idle} 个数据库）：读取太少，不评估延迟"),
        "off": T("not applicable: track_io_timing is off, so PostgreSQL does not time block reads and writes; turn it on "
                 "(ALTER SYSTEM SET track_io_timing = on; SELECT pg_reload_conf(); check the clock's cost with "
                 "pg_test_timing first) and the next inspections rate the latency",
                 "不适用：track_io_timing 已关闭，PostgreSQL 不统计数据块读写耗时；请开启（ALTER SYSTEM SET "
                 "track_io_timing = on; SELECT pg_reload_conf();，先用 pg_test_timing 检查计时开销），之后的巡检即可评估延迟"),
        "problem": T("block reads requested from the OS in {scope} take {read_ms} ms on average ({blks_read} blocks, {read_s} s reading since "
                     "{counters_since}, when these counters started; threshold {read_ms_warning} ms): the storage is "
                     "slower than any healthy device class"
                " (A mean per block requested from the OS, its page cache's hits included — not the device's latency; and blk_read_time counts only while track_io_timing is on: turned on after the counters started, the mean is understated.)",
                     "{scope} 的数据块平均读取时间为 {read_ms} 毫秒（自 {counters_since}（计数起点）以来读取 {blks_read} 个块，"
                     "耗时 {read_s} 秒；阈值 {read_ms_warning} 毫秒）：存储慢于任何正常的设备类型"
                "（这是向操作系统请求的每个块的平均耗时，含操作系统页缓存命中，并非设备延迟；且 blk_read_time 只在 track_io_timing 开启时计时：若计数起点之后才开启，平均值偏低。）"),
        "window.ok": T("block reads requested from the OS in the window take {read_ms} ms on average at most ({scope}: {blks_read} blocks, "
                       "{read_s} s reading, {write_s} s writing; snapshots from {window_since} to {window_until}, "
                       "covering {coverage_pct}% of the window; {count} databases with {min_reads} reads or more, "
                       "{idle} with fewer)"
                " (A mean per block requested from the OS, its page cache's hits included — not the device's latency; and blk_read_time counts only while track_io_timing is on: turned on after the counters started, the mean is understated.)",
                       "窗口内数据块平均读取时间最长为 {read_ms} 毫秒（{scope}：读取 {blks_read} 个块，读耗时 {read_s} 秒，"
                       "写耗时 {write_s} 秒；快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；{count} 个"
                       "数据库读取不少于 {min_reads} 个块，{idle} 个较少）"
                "（这是向操作系统请求的每个块的平均耗时，含操作系统页缓存命中，并非设备延迟；且 blk_read_time 只在 track_io_timing 开启时计时：若计数起点之后才开启，平均值偏低。）"),
        "window.few": T("no database read {min_reads} blocks or more in the window (snapshots from {window_since} to "
                        "{window_until}, covering {coverage_pct}% of the window; {idle} databases): too few reads to rate",
                        "窗口内没有数据库读取达 {min_reads} 个块（快照 {window_since} 至 {window_until}，覆盖窗口 "
                        "{coverage_pct}%；共 {idle} 个数据库）：读取太少，不评估"),
        "window.problem": T("block reads requested from the OS in {scope} took {read_ms} ms on average in the window ({blks_read} blocks, "
                            "{read_s} s reading; snapshots from {window_since} to {window_until}, covering "
                            "{coverage_pct}% of the window; threshold {read_ms_warning} ms): the storage is slower than "
                            "any healthy device class"
                " (A mean per block requested from the OS, its page cache's hits included — not the device's latency; and blk_read_time counts only while track_io_timing is on: turned on after the counters started, the mean is understated.)",
                            "窗口内 {scope} 的数据块平均读取时间为 {read_ms} 毫秒（读取 {blks_read} 个块，耗时 {read_s} 秒；"
                            "快照 {window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；阈值 {read_ms_warning} 毫秒）："
                            "存储慢于任何正常的设备类型"
                "（这是向操作系统请求的每个块的平均耗时，含操作系统页缓存命中，并非设备延迟；且 blk_read_time 只在 track_io_timing 开启时计时：若计数起点之后才开启，平均值偏低。）"),
    },
    remediation=RemediationSpec(
        text=T("Check the storage under the data directory (iostat -x: await, %util; the SAN or cloud volume's own "
               "latency and throughput limits) and what else shares it; reduce the reads that reach it (PRF013 cache "
               "hits, PRF016 sequential scans, the top-SQL checks' shared_blks_read).",
               "检查数据目录所在存储（iostat -x 的 await、%util；SAN 或云盘自身的延迟与吞吐上限）以及共享该存储的其他负载；"
               "减少落到存储上的读取（PRF013 缓存命中、PRF016 顺序扫描、Top SQL 检查项的 shared_blks_read）。"),
        commands={"postgresql": [
            "SELECT datname, blks_read, blk_read_time, round((blk_read_time / nullif(blks_read, 0))::numeric, 3) AS ms_per_read "
            "FROM pg_stat_database ORDER BY blk_read_time DESC;",
            "ALTER SYSTEM SET track_io_timing = on; SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-statistics.html#GUC-TRACK-IO-TIMING",
                    "https://www.postgresql.org/docs/current/pgtesttiming.html"],
    ),
    timeout_s=5,
)
