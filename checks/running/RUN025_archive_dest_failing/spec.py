from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _rate(row, bad_status) -> tuple[Outcome, str]:
    status = str(row.get("status") or "").upper()
    gap = str(row.get("gap_status") or "").upper()
    if status in bad_status:
        return Outcome.CRITICAL, "failing"
    if gap.startswith("UNRESOLVABLE"):
        return Outcome.CRITICAL, "gap"
    # LOG SWITCH GAP is the moment after a log switch before the standby has the whole log (transient on an
    # ASYNC destination); a gap that lasts becomes RESOLVABLE GAP, and RUN026 measures the lag on the standby
    if gap and gap not in ("NO GAP", "LOG SWITCH GAP"):
        return Outcome.WARNING, "gap"
    if status == "DEFERRED":
        return Outcome.WARNING, "deferred"
    return Outcome.OK, "ok"


@uses("failing_status")
def judge(rows, th, ctx) -> Verdict:
    bad_status = {str(s).upper() for s in th["failing_status"].value or ()}
    rated = [(r, *_rate(r, bad_status)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params={"total": len(rows)}, evidence=rows, objects={})
    row, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**row, "count": len(bad)}, evidence=[b[0] for b in bad],
                   objects={ctx.object_of(b[0]): b[1] for b in bad})


SPEC = CheckSpec(
    code="RUN025",
    name="archive_dest_failing",
    title=T("Oracle archive / Data Guard destination failing or with a gap", "Oracle 归档/Data Guard 目标失败或存在日志断档"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON GV_$ARCHIVE_DEST_STATUS", roles=("primary",),
                                     requires=("archiving",), container="root")},
    columns=("inst_id", "dest_id", "dest_name", "status", "dest_type", "destination", "database_mode", "recovery_mode", "gap_status", "error"),
    thresholds=(
        Threshold(name="failing_status", unit="V$ARCHIVE_DEST_STATUS.STATUS", kind="list",
                  value=("ERROR", "DISABLED", "BAD PARAM", "FULL"),
                  rationale="the failure states of a destination in the Oracle Database Reference 19c "
                            "(V$ARCHIVE_DEST_STATUS.STATUS); catalog ORA-RUN-06"),
    ),
    judge=judge,
    messages={
        "ok": T("All {total} archive destination(s) VALID, no gap", "全部 {total} 个归档目标状态正常，无日志断档"),
        "failing": T("Archive destination {dest_name} ({dest_type}, {destination}) on instance {inst_id} is {status}: {error}",
                     "实例 {inst_id} 的归档目标 {dest_name}（{dest_type}，{destination}）状态为 {status}：{error}"),
        "gap": T("Destination {dest_name} ({destination}) on instance {inst_id} reports {gap_status}",
                 "实例 {inst_id} 的归档目标 {dest_name}（{destination}）报告 {gap_status}"),
        "deferred": T("Destination {dest_name} ({destination}) on instance {inst_id} is DEFERRED: redo is not shipped to it",
                      "实例 {inst_id} 的归档目标 {dest_name}（{destination}）处于 DEFERRED 状态：REDO 未传输到该目标"),
    },
    remediation=RemediationSpec(
        text=T("Read ERROR for the cause (network, standby down, FRA or disk full, password file mismatch); fix it "
               "and re-enable the destination (with the Data Guard broker, change it through DGMGRL, not ALTER SYSTEM); "
               "resolve a gap by letting FAL fetch the logs or by copying and "
               "registering them on the standby. A full local destination stops the primary: free space first.",
               "根据 ERROR 列确定原因（网络、备库宕机、FRA 或磁盘满、口令文件不一致），修复后重新启用目标"
               "（使用 Data Guard Broker 时应通过 DGMGRL 修改，而非 ALTER SYSTEM）；"
               "日志断档可等待 FAL 自动获取，或手工复制并在备库注册。本地归档目标写满会导致主库挂起：优先释放空间。"),
        commands={"oracle": ["SELECT inst_id, dest_id, dest_name, status, error, gap_status FROM gv$archive_dest_status "
                             "WHERE status <> 'INACTIVE';",
                             "ALTER SYSTEM SET log_archive_dest_state_2 = ENABLE SCOPE = BOTH SID = '*';",
                             "DGMGRL> SHOW CONFIGURATION;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ARCHIVE_DEST_STATUS.html"],
    ),
    timeout_s=10,
    object_key=("inst_id", "dest_name"),
)
