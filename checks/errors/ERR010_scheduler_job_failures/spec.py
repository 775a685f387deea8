from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

_rows = rows_judge([("failures", "failures")], problem="failed")


@uses("failures", "excluded_owners")
def judge(rows, th, ctx):
    skip = {str(o).upper() for o in th["excluded_owners"].value or ()}
    return _rows([r for r in rows if str(r.get("owner") or "").upper() not in skip], th, ctx)


SPEC = CheckSpec(
    code="ERR010",
    name="scheduler_job_failures",
    title=T("Oracle Scheduler jobs failed inside the window", "窗口内 Oracle 调度作业执行失败"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_SCHEDULER_JOB_RUN_DETAILS")},
    columns=("owner", "job_name", "failures", "stopped", "successes", "error_no", "last_failure_utc", "last_success_utc",
             "errors"),
    thresholds=(
        Threshold(name="failures", unit="failed runs", warning=1, critical=3, direction="above",
                  rationale="any failed run (STATUS 'FAILED') is reported (catalog ORA-ERR-05, DBA_SCHEDULER_JOB_RUN_DETAILS "
                            "STATUS/ERROR#); three in one window is a job that keeps failing (ours). STOPPED runs (stopped "
                            "by hand or at the end of their window, Oracle Database Reference 19c ALL_SCHEDULER_JOB_LOG) "
                            "are shown, not counted"),
        Threshold(name="excluded_owners", unit="job owner", kind="list", value=(),
                  rationale="owners whose job failures a site does not want reported; none by default"),
    ),
    judge=judge,
    messages={
        "ok": T("No Scheduler job failed inside the window", "窗口内没有调度作业失败"),
        "failed": T("Job {owner}.{job_name} failed {failures} time(s) inside the window (error {error_no}, last at "
                    "{last_failure_utc} UTC; {successes} successful, {stopped} stopped run(s)); {count} job(s) failing: {errors}",
                    "作业 {owner}.{job_name} 窗口内失败 {failures} 次（错误号 {error_no}，最近一次 {last_failure_utc} UTC；"
                    "成功 {successes} 次，停止 {stopped} 次）；共 {count} 个作业失败：{errors}"),
    },
    remediation=RemediationSpec(
        text=T("Read ERRORS / ADDITIONAL_INFO of the failed runs, fix the cause and run the job again "
               "(DBMS_SCHEDULER.RUN_JOB); a job that fails every run may be disabled after MAX_FAILURES — "
               "check DBA_SCHEDULER_JOBS.ENABLED and FAILURE_COUNT.",
               "查看失败运行的 ERRORS / ADDITIONAL_INFO，修复原因后重新运行（DBMS_SCHEDULER.RUN_JOB）；持续失败的作业可能在达到 "
               "MAX_FAILURES 后被禁用——检查 DBA_SCHEDULER_JOBS.ENABLED 与 FAILURE_COUNT。"),
        commands={"oracle": ["SELECT log_date, job_name, status, error#, errors, additional_info FROM dba_scheduler_job_run_details "
                             "WHERE owner = '<owner>' AND job_name LIKE '<job>%' ORDER BY log_date DESC;",
                             "SELECT owner, job_name, enabled, state, failure_count FROM dba_scheduler_jobs WHERE failure_count > 0;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_SCHEDULER_JOB_RUN_DETAILS.html"],
    ),
    timeout_s=20,
    basis="window",
    object_key=("owner", "job_name"),
)
