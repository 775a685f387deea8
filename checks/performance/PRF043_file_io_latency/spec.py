from checks.judges import EVIDENCE_LIMIT, uses
from checks.performance._mydigests import ENABLE, ENABLE_ZH, basis_params
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("avg_read_ms", "avg_write_ms", "min_ios", "top")
def judge(rows, th, ctx) -> Verdict:
    """Each kind of file rated on its average read and write time, once it did at least min_ios of them."""
    params = {**basis_params(rows), "min_ios": int(th["min_ios"].value or 0)}
    basis = rows[0].get("basis") if rows else None
    coverage = rows[0].get("coverage_pct") if rows else None
    listed = [dict(r) for r in rows if r.get("event_name")]
    floor = th["min_ios"].value or 0
    objects, bad = {}, []
    for r in listed:
        o_r = th["avg_read_ms"].classify(r.get("avg_read_ms")) if (r.get("reads") or 0) >= floor else Outcome.OK
        o_w = th["avg_write_ms"].classify(r.get("avg_write_ms")) if (r.get("writes") or 0) >= floor else Outcome.OK
        objects[r["event_name"]] = Outcome.worst([o_r, o_w])
        if objects[r["event_name"]] is not Outcome.OK:
            bad.append(r)
    line = lambda r: (f"{r['event_name']}: {r['reads']} reads avg {r['avg_read_ms']} ms, {r['writes']} writes avg "  # noqa: E731
                      f"{r['avg_write_ms']} ms")
    params.update(files=len(listed), top_list="; ".join(line(r) for r in listed[:4]), flagged=len(bad),
                  flag_list="; ".join(line(r) for r in bad[:5]))
    if not listed:
        return Verdict(outcome=Outcome.OK, message="none", params=params, evidence=[], basis=basis,
                       coverage_pct=coverage, objects={})
    outcome = Outcome.worst(list(objects.values()))
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=(bad + [r for r in listed if r not in bad])[:EVIDENCE_LIMIT], total=len(listed),
                   objects=objects, basis=basis, coverage_pct=coverage)


SUPPORT = dict(privilege="SELECT ON performance_schema.*", requires=("performance_schema",))

SPEC = CheckSpec(
    code="PRF043",
    name="file_io_latency",
    title=T("File I/O is slow (average read or write time per kind of file)", "文件 I/O 慢（按文件类型的平均读写时间）"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", **SUPPORT),
             "mariadb": EngineSupport(min_version="10.5", **SUPPORT)},
    columns=("event_name", "reads", "read_ms", "avg_read_ms", "read_mb", "writes", "write_ms", "avg_write_ms", "write_mb",
             "covered_s", "basis", "counters_since", "counters_until", "coverage_pct", "lower_bound"),
    object_key=("event_name",),
    thresholds=(
        Threshold(name="avg_read_ms", unit="ms per read", warning=20, critical=100,
                  rationale="MySQLTuner's performance_schema section and sys.io_global_by_file_by_latency list file "
                            "latency (catalog MY-PERF-09) without a level; dbpatrol's: a rotating disk answers a random "
                            "read in 5-10 ms, SSD storage in well under 1 ms, so 20 ms on average is overloaded storage "
                            "(PRF014 rates PostgreSQL's reads the same way)"),
        Threshold(name="avg_write_ms", unit="ms per write", warning=20, critical=100,
                  rationale="the same for writes (redo and binary log writes wait for the storage when synced)"),
        Threshold(name="min_ios", unit="operations", kind="guard", value=100,
                  rationale="an average of fewer than 100 reads or writes of a kind of file is a few cold opens: not rated"),
        Threshold(name="top", unit="kinds of file", kind="guard", value=15,
                  rationale="how many kinds of file the finding lists, most I/O time first"),
    ),
    judge=judge,
    messages={
        "ok": T("file I/O of {files} kind(s) of file {basis_text}: none averaged {avg_read_ms_warning} ms per read or "
                "{avg_write_ms_warning} ms per write over at least {min_ios} operations. Top: {top_list}.{bound_note}",
                "{basis_text_zh}{files} 类文件的 I/O：没有一类在至少 {min_ios} 次操作中平均每次读超过 {avg_read_ms_warning} 毫秒或"
                "写超过 {avg_write_ms_warning} 毫秒。Top：{top_list}。{bound_note_zh}"),
        "problem": T("file I/O was slow {basis_text} for {flagged} kind(s) of file: {flag_list} (thresholds "
                     "{avg_read_ms_warning} / {avg_write_ms_warning} ms).{bound_note}",
                     "{basis_text_zh}{flagged} 类文件 I/O 慢：{flag_list}（阈值 {avg_read_ms_warning} / {avg_write_ms_warning} "
                     "毫秒）。{bound_note_zh}"),
        "none": T("No file I/O counted {basis_text}.{bound_note}", "{basis_text_zh}没有文件 I/O 计数。{bound_note_zh}"),
    },
    remediation=RemediationSpec(
        text=T("Slow data-file reads: the storage is overloaded or the buffer pool too small for the working set "
               "(PRF031); compare with the host's own latency (iostat -x: r_await, w_await) and move hot data to "
               "faster storage. Slow redo/binary log writes: the sync path (innodb_flush_log_at_trx_commit, sync_binlog, "
               "a write cache without battery). The files themselves: sys.io_global_by_file_by_latency. "
               "performance_schema not on: " + ENABLE + ".",
               "数据文件读慢：存储过载或缓冲池容纳不下热数据（PRF031）；与主机自身的延迟对比（iostat -x 的 r_await、w_await），把热点数据"
               "迁到更快的存储。重做日志/二进制日志写慢：检查同步路径（innodb_flush_log_at_trx_commit、sync_binlog、无电池保护的写缓存）。"
               "具体文件见 sys.io_global_by_file_by_latency。performance_schema 未开启时：" + ENABLE_ZH + "。"),
        commands={
            "mysql": ["SELECT * FROM sys.io_global_by_file_by_latency LIMIT 20;", "iostat -x 5 3"],
            "mariadb": ["SELECT * FROM sys.io_global_by_file_by_latency LIMIT 20;", "iostat -x 5 3"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/performance-schema-file-summary-tables.html",
                    "https://mariadb.com/kb/en/performance-schema-file_summary_by_event_name-table/"],
    ),
    timeout_s=10,
)
