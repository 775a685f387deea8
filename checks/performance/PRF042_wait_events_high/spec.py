from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._mydigests import ENABLE, ENABLE_ZH, basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def rated(event_name) -> bool:
    """False for table I/O (wait/io/table/...): handler time, which nests the file I/O waits."""
    return not str(event_name or "").startswith("wait/io/table/")


@uses("avg_sessions", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each listed wait event rated on the sessions waiting on it on average over the time covered (its wait time
    over that time: 1 = one session waited on it all the time)."""
    params = basis_params(rows)
    listed = [dict(r) for r in rows if r.get("event_name")]
    basis = rows[0].get("basis") if rows else None
    coverage = rows[0].get("coverage_pct") if rows else None
    params.update(events=rows[0].get("events", 0) if rows else 0, top_list="; ".join(
        f"{r['event_name']}: {r['total_ms']:.0f} ms ("
        f"{'row access' if r.get('time_pct') is None else str(r['time_pct']) + ' %'}), {r['waits']} waits, avg {r['avg_ms']} ms, "
        f"{r['avg_sessions']} sessions" for r in listed[:5]))
    if not listed:
        return Verdict(outcome=Outcome.OK, message="none", params=params, evidence=[], basis=basis,
                       coverage_pct=coverage, objects={})
    # wait/io/table/* is the time of every row operation through the storage engine (the file I/O beneath is counted
    # again under wait/io/file): a busy server's executing sessions, not a wait. Listed, not rated (review
    # mysql-perf-review-2 #2).
    unrated = [r for r in listed if not rated(r["event_name"])]
    params.update(unrated_note="".join(
        f" Not rated: {r['event_name']} ({r['avg_sessions']} sessions) is row access through the storage engine "
        f"(it includes the file I/O listed under wait/io/file), not a wait." for r in unrated[:1]),
        unrated_note_zh="".join(
        f"未评级：{r['event_name']}（{r['avg_sessions']} 个会话）是经存储引擎的行访问时间（包含 wait/io/file 下的文件 I/O），"
        f"不是等待。" for r in unrated[:1]))
    objects = {r["event_name"]: th["avg_sessions"].classify(r.get("avg_sessions")) if rated(r["event_name"])
               else Outcome.OK for r in listed}
    outcome = Outcome.worst(list(objects.values()))
    bad = [r for r in listed if objects[r["event_name"]] is not Outcome.OK]
    params.update(flagged=len(bad), flag_list="; ".join(f"{r['event_name']}: {r['avg_sessions']} sessions waiting on "
                                                        f"average ({r['total_ms']:.0f} ms)" for r in bad[:5]))
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=(bad + [r for r in listed if r not in bad])[:EVIDENCE_LIMIT], total=len(listed),
                   objects=objects, basis=basis, coverage_pct=coverage)


SUPPORT = dict(privilege="SELECT ON performance_schema.*", requires=("performance_schema",))

SPEC = CheckSpec(
    code="PRF042",
    name="wait_events_high",
    title=T("Wait events: sessions spend much of the time waiting on one event", "等待事件：会话大量时间耗在某一等待事件上"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", **SUPPORT),
             "mariadb": EngineSupport(min_version="10.5", **SUPPORT)},
    columns=("event_name", "wait_class", "rank", "waits", "total_ms", "avg_ms", "avg_sessions", "time_pct", "events",
             "covered_s", "basis", "counters_since", "counters_until", "coverage_pct", "lower_bound"),
    object_key=("event_name",),
    thresholds=(
        Threshold(name="avg_sessions", unit="sessions waiting on average", warning=1, critical=4,
                  rationale="MySQLTuner's performance_schema section lists the top wait classes (catalog MY-PERF-10) "
                            "without a level; dbpatrol's, as average active sessions are read: one session waiting on "
                            "one event the whole time is a bottleneck, four a saturated small server"),
        Threshold(name="top", unit="events", kind="guard", value=15,
                  rationale="how many wait events the finding lists by time (sys.waits_global_by_latency's first page)"),
    ),
    judge=judge,
    messages={
        "ok": T("{events} wait event(s) {basis_text}; none held {avg_sessions_warning} session(s) waiting on average. "
                "Top: {top_list}.{unrated_note}{bound_note}",
                "{basis_text_zh}共 {events} 个等待事件；没有事件平均占用 {avg_sessions_warning} 个会话。Top：{top_list}。{unrated_note_zh}{bound_note_zh}"),
        "problem": T("{flagged} wait event(s) {basis_text} held sessions waiting: {flag_list}. Top: {top_list}.{unrated_note}{bound_note}",
                     "{basis_text_zh}有 {flagged} 个等待事件使会话持续等待：{flag_list}。Top：{top_list}。{unrated_note_zh}{bound_note_zh}"),
        "none": T("No instrumented wait event counted {basis_text} (setup_instruments: most wait/synch instruments are "
                  "off by default).{bound_note}",
                  "{basis_text_zh}没有已启用的等待事件计数（setup_instruments 中多数 wait/synch 默认关闭）。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Read the top event's class: wait/io/file (storage latency: PRF043, the buffer pool PRF031), wait/io/table "
               "(row access: the statements of PRF040/PRF041), wait/lock (table locks: long DDL, LOCK TABLES, MyISAM), "
               "wait/synch (mutex or rwlock contention inside the server: enable those instruments to see which). "
               "performance_schema not on: " + ENABLE + ".",
               "根据首要事件的类别处理：wait/io/file（存储延迟：见 PRF043 与缓冲池 PRF031）、wait/io/table（行访问：见 PRF040/PRF041 "
               "的语句）、wait/lock（表锁：长时间 DDL、LOCK TABLES、MyISAM）、wait/synch（服务器内部互斥量或读写锁争用：启用相应 "
               "instrument 以定位）。performance_schema 未开启时：" + ENABLE_ZH + "。"),
        commands={
            "mysql": ["SELECT * FROM sys.waits_global_by_latency LIMIT 15;"],
            "mariadb": ["SELECT * FROM sys.waits_global_by_latency LIMIT 15;",
                        "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' "
                        "WHERE NAME LIKE 'wait/synch/%';  -- for a while, then back: it costs"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/performance-schema-wait-summary-tables.html",
                    "https://mariadb.com/kb/en/performance-schema-events_waits_summary_global_by_event_name-table/"],
    ),
    timeout_s=10,
)
