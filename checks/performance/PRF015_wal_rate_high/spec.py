from checks.judges import num, uses
from checks.performance._pg import MIN_COVERED, SHORT, pct, per_s, seconds, shown, too_short
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

WINDOW = WindowSpec(source="pg.wal", counters={"wal_records": "wal_records", "wal_fpi": "wal_fpi", "wal_bytes": "wal_bytes"})


@uses("wal_mb_per_s", "fpi_pct", "min_records", "min_covered_h")
def judge(rows, th, ctx) -> Verdict:
    """The mean WAL rate (MB/s) over the time covered, and the share of WAL records that carry a full-page
    image (rated only from min_records records on). The worse of the two decides."""
    r = dict(rows[0]) if rows else {}
    secs = seconds(r)
    if not rows or secs is None:
        return Verdict(outcome=Outcome.SKIPPED, message="no_interval", params={"counters_since": r.get("counters_since")})
    short = too_short(rows, th)
    if short is not None:
        return short
    mb = (num(r.get("wal_bytes")) or 0) / 1048576
    records = num(r.get("wal_records")) or 0
    r.update(wal_mb=round(mb, 1), wal_mb_per_s=per_s(mb, secs, 3), gb_per_day=round(mb / 1024 / (secs / 86400), 2),
             fpi_pct=pct(r.get("wal_fpi"), records, 1) if records >= (th["min_records"].value or 0) else None)
    rate = th["wal_mb_per_s"].classify(r["wal_mb_per_s"])
    fpi = th["fpi_pct"].classify(r["fpi_pct"])
    outcome = Outcome.worst((rate, fpi))
    params = {k: r.get(k) for k in ("wal_mb", "wal_mb_per_s", "gb_per_day", "wal_records", "wal_fpi", "counters_since",
                                    "days_since", "full_page_writes", "wal_compression", "checkpoint_timeout")}
    params.update(fpi_pct=shown(r["fpi_pct"]), wal_mb_per_s=shown(r["wal_mb_per_s"]), gb_per_day=shown(r["gb_per_day"]),
                  days_since=shown(r.get("days_since")))
    params["min_records"] = int(th["min_records"].value or 0)
    message = "ok" if outcome is Outcome.OK else ("rate" if rate.rank >= fpi.rank else "fpi")
    return Verdict(outcome=outcome, message=message, params=params, evidence=[r])


SPEC = CheckSpec(
    code="PRF015",
    name="wal_rate_high",
    title=T("High WAL generation rate or full-page-image share", "WAL 生成速率或整页镜像占比过高"),
    category="performance",
    tier="semiannual",
    engines={"postgresql": EngineSupport(min_version="14", privilege="login", roles=("primary",), window=WINDOW)},
    columns=("wal_records", "wal_fpi", "wal_bytes", "counters_since", "days_since", "full_page_writes", "wal_compression",
             "checkpoint_timeout"),
    basis="cumulative",
    thresholds=(
        Threshold(name="wal_mb_per_s", unit="MB/s", warning=1, critical=16, direction="above",
                  rationale="pgwatch WAL rate 1/16 MB/s (catalog PG-PERF-07); as a mean over the time covered, 1 MB/s is "
                            "84 GB of WAL a day to archive and replicate (pg-healthcheck rates an instantaneous 50/200 MB/s)"),
        Threshold(name="fpi_pct", unit="% of WAL records", warning=40, direction="above",
                  rationale="pg-healthcheck wal_fpi_ratio_warn 0.40: full-page-image records over 40 % of all WAL records "
                            "(checkpoints too frequent for the write pattern)"),
        Threshold(name="min_records", unit="WAL records", kind="guard", value=10000,
                  rationale="the full-page-image share of fewer than 10,000 records is the first touch of a few pages after "
                            "one checkpoint; not rated"),
        MIN_COVERED,
    ),
    judge=judge,
    messages={
        **SHORT,
        "ok": T("WAL: {wal_mb_per_s} MB/s on average ({gb_per_day} GB a day, {wal_mb} MB in {days_since} days since "
                "{counters_since}, when pg_stat_wal was last reset — not over the window: no snapshots cover it); "
                "full-page images {fpi_pct}% of {wal_records} records",
                "WAL：平均 {wal_mb_per_s} MB/秒（每天 {gb_per_day} GB；自 {counters_since}（pg_stat_wal 上次重置）以来 "
                "{days_since} 天共 {wal_mb} MB——非窗口内数据：没有快照覆盖窗口）；整页镜像占 {wal_records} 条记录的 {fpi_pct}%"),
        "rate": T("WAL is generated at {wal_mb_per_s} MB/s on average ({gb_per_day} GB a day, {wal_mb} MB since "
                  "{counters_since}, when pg_stat_wal was last reset; threshold {wal_mb_per_s_warning} MB/s); full-page "
                  "images {fpi_pct}% of records",
                  "WAL 平均生成速率 {wal_mb_per_s} MB/秒（每天 {gb_per_day} GB；自 {counters_since}（pg_stat_wal 上次重置）"
                  "以来共 {wal_mb} MB；阈值 {wal_mb_per_s_warning} MB/秒）；整页镜像占记录的 {fpi_pct}%"),
        "fpi": T("{fpi_pct}% of {wal_records} WAL records carry a full-page image since {counters_since} (threshold "
                 "{fpi_pct_warning}%, full_page_writes {full_page_writes}, wal_compression {wal_compression}, "
                 "checkpoint_timeout {checkpoint_timeout}); {wal_mb_per_s} MB/s on average",
                 "自 {counters_since} 以来 {wal_records} 条 WAL 记录中 {fpi_pct}% 带整页镜像（阈值 {fpi_pct_warning}%，"
                 "full_page_writes {full_page_writes}，wal_compression {wal_compression}，checkpoint_timeout "
                 "{checkpoint_timeout}）；平均 {wal_mb_per_s} MB/秒"),
        "no_interval": T("not applicable: pg_stat_wal was reset just now ({counters_since}); there is no interval to "
                         "take a rate over yet",
                         "不适用：pg_stat_wal 刚刚重置（{counters_since}），尚无可计算速率的时间区间"),
        "window.no_interval": T("not applicable: the snapshots from {window_since} to {window_until} cover no measurable time; there is no interval to take a rate over",
                              "不适用：快照 {window_since} 至 {window_until} 覆盖的时间过短，无法计算速率"),
        "window.ok": T("WAL in the window: {wal_mb_per_s} MB/s on average ({gb_per_day} GB a day, {wal_mb} MB; snapshots "
                       "from {window_since} to {window_until}, covering {coverage_pct}% of the window); full-page images "
                       "{fpi_pct}% of {wal_records} records",
                       "窗口内 WAL：平均 {wal_mb_per_s} MB/秒（每天 {gb_per_day} GB，共 {wal_mb} MB；快照 {window_since} 至 "
                       "{window_until}，覆盖窗口 {coverage_pct}%）；整页镜像占 {wal_records} 条记录的 {fpi_pct}%"),
        "window.rate": T("WAL was generated at {wal_mb_per_s} MB/s on average in the window ({gb_per_day} GB a day, "
                         "{wal_mb} MB; snapshots from {window_since} to {window_until}, covering {coverage_pct}% of the "
                         "window; threshold {wal_mb_per_s_warning} MB/s); full-page images {fpi_pct}% of records",
                         "窗口内 WAL 平均生成速率 {wal_mb_per_s} MB/秒（每天 {gb_per_day} GB，共 {wal_mb} MB；快照 "
                         "{window_since} 至 {window_until}，覆盖窗口 {coverage_pct}%；阈值 {wal_mb_per_s_warning} MB/秒）；"
                         "整页镜像占记录的 {fpi_pct}%"),
        "window.fpi": T("{fpi_pct}% of the {wal_records} WAL records in the window carry a full-page image (snapshots "
                        "from {window_since} to {window_until}, covering {coverage_pct}% of the window; threshold "
                        "{fpi_pct_warning}%, full_page_writes {full_page_writes}, wal_compression {wal_compression}, "
                        "checkpoint_timeout {checkpoint_timeout}); {wal_mb_per_s} MB/s on average",
                        "窗口内 {wal_records} 条 WAL 记录中 {fpi_pct}% 带整页镜像（快照 {window_since} 至 {window_until}，"
                        "覆盖窗口 {coverage_pct}%；阈值 {fpi_pct_warning}%，full_page_writes {full_page_writes}，"
                        "wal_compression {wal_compression}，checkpoint_timeout {checkpoint_timeout}）；平均 {wal_mb_per_s} MB/秒"),
    },
    remediation=RemediationSpec(
        text=T("A high rate: make sure archiving, replicas and the WAL disk keep up (BAK checks, RUN008) and find what "
               "writes it (the top-SQL checks' wal_bytes; bulk loads without COPY, needless UPDATEs). A high full-page "
               "share: checkpoints come too often for the write pattern — raise checkpoint_timeout and max_wal_size "
               "(PRF012), and consider wal_compression.",
               "速率高：确认归档、备库和 WAL 磁盘跟得上（BAK 检查项、RUN008），并找出写 WAL 的来源（Top SQL 检查项的 "
               "wal_bytes；不用 COPY 的批量导入、无效的 UPDATE）。整页镜像占比高：相对于写入模式检查点过于频繁——调大 "
               "checkpoint_timeout 和 max_wal_size（PRF012），并考虑开启 wal_compression。"),
        commands={"postgresql": [
            "SELECT wal_records, wal_fpi, pg_size_pretty(wal_bytes), stats_reset FROM pg_stat_wal;",
            "ALTER SYSTEM SET checkpoint_timeout = '15min'; ALTER SYSTEM SET max_wal_size = '<size>'; SELECT pg_reload_conf();  -- pg_wal may hold this much and more: below its filesystem's free space",
            "ALTER SYSTEM SET wal_compression = on; SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-WAL-VIEW",
                    "https://www.postgresql.org/docs/current/wal-configuration.html"],
    ),
    timeout_s=5,
)
