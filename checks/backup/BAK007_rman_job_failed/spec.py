from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_RATE = {"FAILED": Outcome.CRITICAL, "COMPLETED WITH ERRORS": Outcome.CRITICAL,
         "RUNNING WITH ERRORS": Outcome.WARNING, "COMPLETED WITH WARNINGS": Outcome.WARNING,
         "RUNNING WITH WARNINGS": Outcome.WARNING}


def _rate(row) -> Outcome:
    status = str(row.get("status") or "").upper()
    if status == "COMPLETED WITH WARNINGS" and str(row.get("standby_retention_only")) in ("1", "1.0", "True", "true"):
        # RMAN-08120/08137 only: archived logs kept for a standby by the deletion policy, the backup itself is good
        return Outcome.OK
    return _RATE.get(status, Outcome.OK)


@uses("min_jobs")
def judge(rows, th, ctx) -> Verdict:
    rated = [(r, _rate(r)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)
    ok_jobs = sum(1 for _, o in rated if o is Outcome.OK)
    if bad:
        row, outcome = bad[0]
        return Verdict(outcome=outcome, message="failed", params={**row, "count": len(bad), "total": len(rows)},
                       evidence=[b[0] for b in bad], objects={ctx.object_of(b[0]): b[1] for b in bad})
    need = th["min_jobs"].value
    # a standby's control file knows only the jobs run on it: where backups run on the primary it has none,
    # so there the check judges the jobs it sees and does not expect any
    standby = str((ctx.facts or {}).get("role") or "") == "standby"
    if need is not None and len(rows) < need and not standby:
        return Verdict(outcome=Outcome.WARNING, message="none", params={"total": len(rows), "need": int(need)}, evidence=rows,
                       objects={})
    return Verdict(outcome=Outcome.OK, message="ok", params={"total": len(rows), "good": ok_jobs}, evidence=rows, objects={})


SPEC = CheckSpec(
    code="BAK007",
    name="rman_job_failed",
    title=T("Oracle RMAN backup jobs failed or missing in the window", "窗口内 Oracle RMAN 备份作业失败或缺失"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$RMAN_BACKUP_JOB_DETAILS, "
                                                                    "SELECT ON V_$RMAN_OUTPUT", container="root")},
    columns=("session_key", "input_type", "status", "started_local", "ended_local", "elapsed_s", "output_mb", "device",
             "standby_retention_only"),
    thresholds=(
        Threshold(name="min_jobs", unit="jobs", kind="guard", value=1,
                  rationale="a daily tier expects at least one RMAN backup job per day (database.ink weekly 备份成功率, "
                            "inspect4oracle backup module; catalog ORA-BAK-01); set 0 where backups are taken outside RMAN "
                            "or on the standby (each control file records only its own jobs; not expected on a standby)"),
    ),
    judge=judge,
    messages={
        "ok": T("{total} RMAN backup job(s) inside the window, none failed", "窗口内共 {total} 个 RMAN 备份作业，均未失败"),
        "failed": T("RMAN job {session_key} ({input_type}) started {started_local} ended {status}; {count} of {total} "
                    "job(s) in the window failed or had errors/warnings",
                    "RMAN 作业 {session_key}（{input_type}）于 {started_local} 开始，结果 {status}；窗口内 {total} 个作业中有 "
                    "{count} 个失败或有错误/警告"),
        "none": T("{total} RMAN backup job(s) started inside the window (expected at least {need})",
                  "窗口内启动的 RMAN 备份作业少于 {need} 个（实际 {total} 个）"),
    },
    remediation=RemediationSpec(
        text=T("Read the job's RMAN output (V$RMAN_OUTPUT for the SESSION_KEY) and the scheduler/cron log; fix the "
               "cause (space, tape/media manager, ORA- errors) and re-run the backup the same day. No job at all: "
               "check the scheduler that should start it.",
               "查看该作业的 RMAN 输出（按 SESSION_KEY 查询 V$RMAN_OUTPUT）及调度/cron 日志；修复原因（空间、磁带/介质管理器、"
               "ORA- 错误）并于当天重新备份。若完全没有作业，检查本应启动备份的调度程序；若备份在 Data Guard 备库上执行，"
               "应在备库（或恢复目录的 RC_RMAN_BACKUP_JOB_DETAILS）中查看，并将此处的 min_jobs 设为 0。"),
        commands={"oracle": ["SELECT session_key, input_type, status, start_time, end_time FROM v$rman_backup_job_details ORDER BY start_time DESC;",
                             "SELECT output FROM v$rman_output WHERE session_key = <session_key> ORDER BY recid;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-RMAN_BACKUP_JOB_DETAILS.html"],
    ),
    timeout_s=20,
    basis="window",
    object_key=("session_key",),
)
