from checks.judges import num, rows_judge, uses
from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_rated = rows_judge([("avg_read_ms", "single_read_ms")], problem="slow")


@uses("single_read_ms", "min_reads")
def _inner(rows, th, ctx):
    """Rate only files with min_reads single-block reads in the basis (a few slow reads of a cold file
    are no latency problem)."""
    floor = num(th["min_reads"].value) or 0
    return _rated([r for r in rows if (num(r.get("single_block_reads")) or 0) >= floor], th, ctx)


_DICT = "SELECT ON V_$DATABASE"

SPEC = CheckSpec(
    code="PRF067",
    name="io_latency",
    title=T("Oracle datafile single-block read latency (AWR, Statspack or since startup)",
            "Oracle 数据文件单块读延迟（AWR、Statspack 或自启动以来）"),
    category="performance",
    tier="semiannual",
    # root: instance-wide file statistics (see PRF060)
    engines={"oracle": EngineSupport(
        container="root", min_version="19",
        privilege="SELECT ON V_$INSTANCE, SELECT ON V_$FILESTAT, SELECT ON V_$DATAFILE, SELECT ON V_$TABLESPACE",
        paths=(SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_FILESTATXS, " + _DICT),
               SourcePath(name="statspack", privilege="SELECT ON PERFSTAT.STATS$SNAPSHOT, SELECT ON PERFSTAT.STATS$FILESTATXS, "
                                                      + _DICT)))},
    columns=(*BASIS_COLUMNS, "counters_since", "file_id", "tablespace_name", "file_name", "single_block_reads", "avg_read_ms",
             "writes", "avg_write_ms"),
    thresholds=(
        Threshold(name="single_read_ms", unit="ms", warning=20, critical=50, direction="above",
                  rationale="average single-block read ('db file sequential read') per datafile: spinning disks serve one "
                            "in ~5-10 ms, flash well under 1 ms, so 20 ms / 50 ms means the storage queues (ours; catalog "
                            "ORA-PERF-08 names no level; Oracle Database Performance Tuning Guide 19c, 'I/O Configuration "
                            "and Design' and V$FILESTAT)"),
        Threshold(name="min_reads", unit="single-block reads", kind="guard", value=10000,
                  rationale="files with fewer reads in the basis are not rated: a cold file's few reads say nothing (ours)"),
    ),
    judge=perf_judge([], key="file_id", inner=_inner),
    messages={
        **messages_common(),
        "ok": T("Single-block reads fast enough on {total} file(s) listed: none with enough reads (min_reads guard) averaged "
                "{single_read_ms_warning} ms; slowest of those rated: {file_name} ({tablespace_name}) {avg_read_ms} ms over "
                "{single_block_reads} reads (source: {basis_en})",
                "所列 {total} 个文件的单块读足够快：读次数达标的文件中没有平均超过 {single_read_ms_warning} 毫秒的；参与评估的最慢文件："
                "{file_name}（{tablespace_name}）{single_block_reads} 次读平均 {avg_read_ms} 毫秒（来源：{basis_zh}）"),
        "slow": T("Datafile {file_name} ({tablespace_name}) averaged {avg_read_ms} ms per single-block read over "
                  "{single_block_reads} reads (threshold {single_read_ms_warning} ms), writes {avg_write_ms} ms over {writes}; "
                  "{count} file(s) slow (source: {basis_en})",
                  "数据文件 {file_name}（{tablespace_name}）{single_block_reads} 次单块读平均 {avg_read_ms} 毫秒（阈值 "
                  "{single_read_ms_warning} 毫秒），写 {writes} 次平均 {avg_write_ms} 毫秒；共 {count} 个文件偏慢（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Compare with the storage's own latency (iostat await on the host, the array's statistics): a slow LUN or "
               "path, a saturated array, or a file on slower storage. Spread hot files (PRF068 hot segments) or reduce the "
               "reads (PRF062 top SQL by reads) before buying I/O.",
               "与存储自身的延迟对比（主机 iostat 的 await、阵列统计）：LUN 或路径慢、阵列饱和，或文件位于较慢的存储。先分散热点文件"
               "（PRF068 热点段）或减少读（PRF062 按读排序的 SQL），再考虑扩容 I/O。"),
        commands={"oracle": ["SELECT d.name, f.singleblkrds, ROUND(10 * f.singleblkrdtim / NULLIF(f.singleblkrds, 0), 2) AS ms "
                             "FROM v$filestat f JOIN v$datafile d ON d.file# = f.file# ORDER BY ms DESC NULLS LAST;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-FILESTAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_FILESTATXS.html"],
    ),
    timeout_s=60,
    basis="cumulative",
    object_key=("file_id",),
)
