from checks.judges import EVIDENCE_LIMIT, num, pretty_bytes, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec
from dbpatrol.results import Outcome

# Over the window: each database's growth per day, the least-squares slope of its size over the pg.sizes
# snapshots inside the window (at least two); samples = how many.
WINDOW = WindowSpec(source="pg.sizes", match=("datname",), trends={"growth_bytes_per_day": "size_bytes"}, samples="samples")


def _per_day(v) -> str:
    n = num(v) or 0
    return ("-" if n < 0 else "") + pretty_bytes(abs(n)) + "/day"


@uses("days_left")
def judge(rows, th, ctx) -> Verdict:
    """Days until the data directory's filesystem is full: its free space over the databases' total growth per
    day in the window. Growth unknown (no size snapshots in the window) → not applicable; free space unknown
    (no ssh to the host) → not inspected, with the growth; not growing → OK."""
    tablespaces = [r for r in rows if r.get("tablespace")]
    rows = [r for r in rows if not r.get("tablespace")]
    grown = [r for r in rows if r.get("growth_bytes_per_day") is not None]
    total = sum(num(r["growth_bytes_per_day"]) or 0 for r in grown)
    size = sum(num(r.get("size_bytes")) or 0 for r in rows)
    fs = next((r for r in rows if r.get("fs_avail_bytes") is not None), None)
    note = next((r.get("fs_note") for r in rows if r.get("fs_note")), None)
    top = max(grown, key=lambda r: num(r["growth_bytes_per_day"]) or 0) if grown else None
    params = {"holding": "the data directory", "holding_zh": "数据目录", "ts_note": "", "ts_note_zh": "",
              "databases": len(rows), "size": pretty_bytes(size), "growth": _per_day(total), "measured": len(grown),
              "samples": max((int(num(r.get("samples")) or 0) for r in grown), default=0),
              "top": top["datname"] if top else "", "top_growth": _per_day(top["growth_bytes_per_day"]) if top else "",
              "why": note or "the free space was not read"}
    evidence = sorted(grown or rows, key=lambda r: -(num(r.get("growth_bytes_per_day")) or 0))[:EVIDENCE_LIMIT]
    if not grown:
        return Verdict(outcome=Outcome.SKIPPED, message="no_growth", params=params, evidence=evidence)
    if fs is None:
        return Verdict(outcome=Outcome.SKIPPED, message="no_free_space", params=params, evidence=evidence,
                       skip_reason="unreachable")
    avail = num(fs["fs_avail_bytes"])
    params.update(avail=pretty_bytes(avail), mount=fs.get("fs_mount"), path=fs.get("data_directory"))
    # pg-perf-review S6: a tablespace on another filesystem grows against that filesystem's free space, not the data
    # directory's; the databases' sizes hold its growth, so it is taken out of the data directory's
    away = [t for t in tablespaces if t.get("fs_mount") and t.get("fs_mount") != fs.get("fs_mount")]
    moved = sum(num(t.get("growth_bytes_per_day")) or 0 for t in away)
    total -= moved
    others, notes, notes_zh = [], [], []
    for t in away:
        g, free = num(t.get("growth_bytes_per_day")), num(t.get("fs_avail_bytes"))
        left = round(free / g, 1) if g and g > 0 and free is not None else None
        t = {**t, "days_left": left}
        evidence.append(t)
        if g is None:
            notes.append(f"{t['tablespace']} at {t['location']} on {t['fs_mount']} ({pretty_bytes(free)} free): growth "
                         f"not sampled yet, so it is still in the data directory's growth (its days left are a lower bound)")
            notes_zh.append(f"{t['tablespace']}（{t['location']}，{t['fs_mount']}，剩余 {pretty_bytes(free)}）：尚无增长采样，"
                            f"仍计入数据目录的增长（其剩余天数为下限）")
            continue
        notes.append(f"{t['tablespace']} at {t['location']} on {t['fs_mount']}: {_per_day(g)}, {pretty_bytes(free)} free, "
                     + (f"{left:g} days left" if left is not None else "not growing"))
        notes_zh.append(f"{t['tablespace']}（{t['location']}，{t['fs_mount']}）：{_per_day(g)}，剩余 {pretty_bytes(free)}，"
                        + (f"还可用 {left:g} 天" if left is not None else "没有增长"))
        if left is not None:
            others.append((left, t))
    params["growth"] = _per_day(total)
    days = round(avail / total, 1) if total > 0 else None
    if away:
        lasts = f"{days:g} days" if days is not None else "not growing"
        params["ts_note"] = (f"; the data directory's {fs.get('fs_mount')}: {lasts} at {_per_day(total)}, {pretty_bytes(avail)} "
                             "free; tablespaces on other filesystems, each against its own free space (df of its "
                             "location; their growth taken out of the data directory's): " + "; ".join(notes))
        params["ts_note_zh"] = (f"；数据目录所在 {fs.get('fs_mount')}：按 {_per_day(total)} " +
                                (f"还可用 {days:g} 天" if days is not None else "没有增长") + f"，剩余 {pretty_bytes(avail)}；"
                                "其他文件系统上的表空间（按各自位置 df 的剩余空间评估，其增长已从数据目录中扣除）：" + "；".join(notes_zh))
    for r in evidence:
        if not r.get("tablespace"):
            r["days_left"] = days
    worst = min(others, key=lambda x: x[0], default=None)
    if worst is not None and (days is None or worst[0] < days):
        t = worst[1]
        days = worst[0]
        params.update(holding=f"tablespace {t['tablespace']}", holding_zh=f"表空间 {t['tablespace']} ",
                      mount=t.get("fs_mount"), avail=pretty_bytes(num(t.get("fs_avail_bytes"))),
                      growth=_per_day(t.get("growth_bytes_per_day")), top=t["tablespace"],
                      top_growth=_per_day(t.get("growth_bytes_per_day")))
    if days is None:
        return Verdict(outcome=Outcome.OK, message="not_growing", params=params, evidence=evidence)
    params["days_left"] = days
    outcome = th["days_left"].classify(days)
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params, evidence=evidence)


SPEC = CheckSpec(
    code="PRF018",
    name="space_runs_out",
    title=T("The data directory's filesystem fills up within weeks at the databases' growth",
            "按数据库增长速度，数据目录所在文件系统将在数周内写满"),
    category="performance",
    tier="semiannual",
    engines={
        # pg_read_all_stats: the size of every database (pg_database_size needs CONNECT otherwise);
        # pg_read_all_settings: data_directory, whose filesystem df reads over SSH
        "postgresql": EngineSupport(min_version="10", privilege="pg_read_all_stats, pg_read_all_settings", window=WINDOW),
    },
    columns=("datname", "size_bytes", "data_directory", "growth_bytes_per_day", "samples", "fs_avail_bytes",
             "fs_size_bytes", "fs_mount", "fs_note", "tablespace", "location"),
    object_key=("datname",),
    basis="current",
    thresholds=(
        Threshold(name="days_left", unit="days", warning=30, critical=7, direction="below",
                  rationale="Alibaba DAS inspection score: space usable for 30 days or fewer is deducted (catalog "
                            "PG-PERF-10, DAS 可使用天数 ≤30); critical at 7 days, less than one weekly inspection cycle"),
    ),
    judge=judge,
    messages={
        "ok": T("{days_left} days until {mount} is full at the databases' growth ({growth} in total, most {top}: "
                "{top_growth}; {avail} free){ts_note}",
                "按数据库增长速度（合计 {growth}，最多为 {top}：{top_growth}；剩余 {avail}），{mount} 还可使用 {days_left} 天{ts_note_zh}"),
        "problem": T("{mount} (holding {holding}) is full in {days_left} days at the databases' growth: "
                     "{growth} in total, most {top} ({top_growth}), {avail} free (threshold {days_left_warning} days){ts_note}",
                     "按数据库增长速度，{mount}（{holding_zh}所在）将在 {days_left} 天内写满：合计增长 {growth}，最多为 {top}"
                     "（{top_growth}），剩余 {avail}（阈值 {days_left_warning} 天）{ts_note_zh}"),
        "not_growing": T("the databases did not grow ({growth} in total over {measured} databases); {avail} free on {mount}{ts_note}",
                         "数据库没有增长（{measured} 个数据库合计 {growth}）；{mount} 剩余 {avail}{ts_note_zh}"),
        "no_growth": T("not applicable: no growth known — it needs two or more size snapshots (pg.sizes) inside the window, "
                       "from the sampler or earlier inspections; the {databases} databases hold {size} now",
                       "不适用：增长未知——需要窗口内有两个或以上的数据库大小快照（pg.sizes，来自采样器或之前的巡检）；"
                       "{databases} 个数据库当前共 {size}"),
        "no_free_space": T("not inspected: the days until the filesystem is full are unknown ({why}); the databases grow "
                           "{growth} in total (most {top}: {top_growth}); give the host ssh: in the inventory so the "
                           "data directory's free space can be read",
                           "未巡检：无法得知文件系统还能使用多少天（{why}）；数据库合计增长 {growth}（最多为 {top}："
                           "{top_growth}）；请在巡检清单中为主机配置 ssh:，以读取数据目录的剩余空间"),
        "window.ok": T("{days_left} days until {mount} is full at the databases' growth in the window ({growth} in total "
                       "by least squares over {samples} snapshots from {window_since} to {window_until}; most {top}: "
                       "{top_growth}; {avail} free){ts_note}",
                       "按窗口内数据库增长速度（快照 {window_since} 至 {window_until} 共 {samples} 个，最小二乘合计 {growth}；"
                       "最多为 {top}：{top_growth}；剩余 {avail}），{mount} 还可使用 {days_left} 天{ts_note_zh}"),
        "window.problem": T("{mount} (holding {holding}) is full in {days_left} days at the databases' growth in "
                            "the window: {growth} in total by least squares over {samples} snapshots from {window_since} "
                            "to {window_until}, most {top} ({top_growth}); {avail} free (threshold {days_left_warning} days){ts_note}",
                            "按窗口内数据库增长速度，{mount}（{holding_zh}所在）将在 {days_left} 天内写满：快照 {window_since} 至 "
                            "{window_until} 共 {samples} 个，最小二乘合计增长 {growth}，最多为 {top}（{top_growth}）；"
                            "剩余 {avail}（阈值 {days_left_warning} 天）{ts_note_zh}"),
        "window.not_growing": T("the databases did not grow in the window ({growth} in total over {samples} snapshots from "
                                "{window_since} to {window_until}); {avail} free on {mount}{ts_note}",
                                "窗口内数据库没有增长（快照 {window_since} 至 {window_until} 共 {samples} 个，合计 {growth}）；"
                                "{mount} 剩余 {avail}{ts_note_zh}"),
        "window.no_free_space": T("not inspected: the days until the filesystem is full are unknown ({why}); the databases "
                                  "grew {growth} in total in the window (least squares over {samples} snapshots from "
                                  "{window_since} to {window_until}; most {top}: {top_growth}); give the host ssh: in the "
                                  "inventory so the data directory's free space can be read",
                                  "未巡检：无法得知文件系统还能使用多少天（{why}）；窗口内数据库合计增长 {growth}（快照 "
                                  "{window_since} 至 {window_until} 共 {samples} 个，最小二乘；最多为 {top}：{top_growth}）；"
                                  "请在巡检清单中为主机配置 ssh:，以读取数据目录的剩余空间"),
    },
    remediation=RemediationSpec(
        text=T("Plan the space before it runs out: grow the filesystem or move a tablespace to another one, and find what "
               "grows (the largest and fastest-growing tables, OBJ044; bloat, OBJ040 / OBJ041; WAL kept by slots, "
               "RUN009; logs). Archive or partition and drop old data where the business allows.",
               "在空间耗尽前做好规划：扩容文件系统或将表空间迁移到其他文件系统，并找出增长来源（最大、增长最快的表，OBJ044；"
               "膨胀，OBJ040 / OBJ041；复制槽保留的 WAL，RUN009；日志）。在业务允许时归档或分区并清理旧数据。"),
        commands={"postgresql": [
            "SELECT datname, pg_size_pretty(pg_database_size(oid)) FROM pg_database ORDER BY pg_database_size(oid) DESC;",
            "df -h <data_directory>",
        ]},
        references=["https://help.aliyun.com/document_detail/205710.html",
                    "https://www.postgresql.org/docs/current/diskusage.html"],
    ),
    timeout_s=10,
)
