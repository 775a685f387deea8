from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_rows = rows_judge([("grown_mb_per_day", "grown_mb_per_day")], problem="growing")


@uses("grown_mb_per_day")
def judge(rows, th, ctx):
    first = rows[0] if rows else {}
    if not rows or not num(first.get("snapshots")):
        return Verdict(outcome=Outcome.SKIPPED, message="no_snapshots", params={}, evidence=[])
    if not num(first.get("seg_stat_rows")):  # snapshots written, statistics not (pack access NONE): not "none grew"
        return Verdict(outcome=Outcome.SKIPPED, message="empty_snapshots", params=dict(first), evidence=[])
    segments = [r for r in rows if r.get("object_name") is not None]
    if not segments:
        return Verdict(outcome=Outcome.OK, message="none_grew", params=dict(first), evidence=[])
    verdict = _rows(segments, th, ctx)
    verdict.params.update(snapshots=first.get("snapshots"), days_covered=first.get("days_covered"))
    return verdict


SPEC = CheckSpec(
    code="OBJ008",
    name="segments_growing_fast",
    title=T("Oracle segments growing fast in the window", "窗口内 Oracle 段增长过快"),
    category="objects",
    tier="weekly",
    # AWR snapshots are taken CDB-wide in the root (PDB-level AWR is off by default in 19c).
    engines={"oracle": EngineSupport(min_version="19", container="root",
                                     privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SEG_STAT, "
                                               "SELECT ON DBA_HIST_SEG_STAT_OBJ, SELECT ON GV_$PDBS")},
    columns=("snapshots", "days_covered", "pack_off_snapshots", "seg_stat_rows", "con_id", "container", "owner", "object_name", "subobject_name",
             "object_type", "tablespace_name", "grown_mb", "grown_mb_per_day"),
    thresholds=(
        Threshold(name="grown_mb_per_day", unit="MB/day", warning=1024, critical=10240, direction="above",
                  rationale="catalog ORA-OBJ-10 (inspect4oracle 'Top Segments') lists the fastest growers without a "
                            "level; 1 GB / 10 GB a day per segment are ours, meant to be set per site from its own "
                            "capacity plan (tablespace headroom is OBJ003's)"),
    ),
    judge=judge,
    basis="window",
    object_key=("container", "owner", "object_name", "subobject_name"),
    messages={
        "ok": T("No segment grew {grown_mb_per_day_warning} MB a day or more in the window ({snapshots} AWR "
                "snapshots over {days_covered} days; fastest {owner}.{object_name} in {container} at {grown_mb_per_day} MB/day)",
                "窗口内没有段每天增长 {grown_mb_per_day_warning} MB 或以上（{days_covered} 天内 {snapshots} 个 AWR 快照；"
                "最快的 {container} 中的 {owner}.{object_name} 每天 {grown_mb_per_day} MB）"),
        "none_grew": T("No segment grew in the window ({snapshots} AWR snapshots over {days_covered} days)",
                       "窗口内没有段增长（{days_covered} 天内 {snapshots} 个 AWR 快照）"),
        "growing": T("{object_type} {owner}.{object_name} in {container} grew {grown_mb} MB in the window "
                     "({grown_mb_per_day} MB a day, tablespace {tablespace_name}; {snapshots} AWR snapshots over {days_covered} days); "
                     "{count} segment(s) over the threshold",
                     "{container} 中的 {object_type} {owner}.{object_name} 在窗口内增长 {grown_mb} MB（每天 {grown_mb_per_day} MB，表空间 "
                     "{tablespace_name}；{days_covered} 天内 {snapshots} 个 AWR 快照）；共 {count} 个段超过阈值"),
        "empty_snapshots": T("not applicable: the {snapshots} AWR snapshots in the window hold no segment statistics "
                             "({pack_off_snapshots} taken with control_management_pack_access = NONE, DBA_HIST_SNAPSHOT "
                             "SNAP_FLAG 4: the snapshot is written, its statistics are not), so segment growth cannot "
                             "be read from AWR; tablespace headroom is OBJ003's",
                             "不适用：窗口内的 {snapshots} 个 AWR 快照不含段统计信息（其中 {pack_off_snapshots} 个是在 "
                             "control_management_pack_access = NONE 时生成的，DBA_HIST_SNAPSHOT SNAP_FLAG 为 4：只写入快照，"
                             "不采集统计），无法从 AWR 读取段增长；表空间余量由 OBJ003 检查"),
        "no_snapshots": T("not applicable: AWR took no snapshot inside the window (STATISTICS_LEVEL BASIC, or a "
                          "snapshot interval of 0: DBMS_WORKLOAD_REPOSITORY.MODIFY_SNAPSHOT_SETTINGS), so segment growth cannot be read",
                          "不适用：窗口内 AWR 没有快照（STATISTICS_LEVEL 为 BASIC，或快照间隔被设为 0：DBMS_WORKLOAD_REPOSITORY.MODIFY_SNAPSHOT_SETTINGS），"
                          "无法读取段增长"),
    },
    remediation=RemediationSpec(
        text=T("Check that the growth is expected (a load, a new module) and that its tablespace can take it "
               "(OBJ003); otherwise find what writes it: purge or archive old rows, partition and drop old "
               "partitions, or fix a job that never cleans up.",
               "确认该增长是否符合预期（数据加载、新模块上线）以及所在表空间能否承受（OBJ003）；否则找出写入来源："
               "清理或归档旧数据、分区并删除旧分区，或修复从不清理的作业。"),
        commands={"oracle": [
            "SELECT owner, segment_name, partition_name, segment_type, tablespace_name, ROUND(bytes/1048576) AS mb "
            "FROM dba_segments WHERE owner = '<owner>' AND segment_name = '<name>';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SEG_STAT.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/dblic/Licensing-Information.html"],
    ),
    timeout_s=30,
)
