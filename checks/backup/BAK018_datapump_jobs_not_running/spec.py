from fnmatch import fnmatchcase

from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

# Database Utilities 19c, "DBMS_DATAPUMP Job States": EXECUTING is a job at work; NOT RUNNING is a master
# table with no Data Pump process (a job stopped with STOP_JOB, or one that failed or was killed); the
# others are passing states (DEFINING, IDLING, STOP PENDING, STOPPING, COMPLETING; UNDEFINED, COMPLETED, STOPPED).
_RUNNING = "EXECUTING"
_ORPHAN = "NOT RUNNING"
# DEFINING is the only passing state a job enters when it is created (OPEN): there, hours since the master
# table's creation are hours in the state. IDLING (attached to a stopped job, awaiting START_JOB), STOP PENDING,
# STOPPING and COMPLETING are entered later, after EXECUTING: a 10 h export caught in COMPLETING is 10 h old and
# finishing normally, so its age says nothing about how long it has been in the state and is not rated. In all
# of them the master control process is alive (Utilities 12.1 "Job States": the MCP is active in DEFINING,
# IDLING, EXECUTING, STOPPING, STOP PENDING and COMPLETING), so the job is not orphaned either.
_FROM_CREATION = "DEFINING"


def _key(row) -> str:
    return f"{row.get('owner_name') or ''}.{row.get('job_name') or ''}".upper()


def _rate(row, th) -> tuple[Outcome, str]:
    state = str(row.get("state") or "").strip().upper()
    age = num(row.get("age_h"))
    if state == _RUNNING:
        return Outcome.OK, "ok"
    if state == _ORPHAN:
        limit = th["not_running_hours"].value or 0
        return (Outcome.WARNING, "not_running") if age is None or age >= limit else (Outcome.OK, "ok")
    if state != _FROM_CREATION or age is None:
        return Outcome.OK, "passing"  # age since creation is no time in this state (or no master table row yet)
    limit = th["stuck_hours"].value or 0
    return (Outcome.WARNING, "stuck") if age >= limit else (Outcome.OK, "ok")


@uses("not_running_hours", "stuck_hours", "excluded_jobs")
def judge(rows, th, ctx) -> Verdict:
    skip = [str(p).upper() for p in th["excluded_jobs"].value or ()]
    seen = [r for r in rows if not any(fnmatchcase(_key(r), p) for p in skip)]
    rated = [(r, *_rate(r, th)) for r in seen]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: (x[2] != "not_running", -(num(x[0].get("age_h")) or 0)))
    running = sum(1 for r in seen if str(r.get("state") or "").strip().upper() == _RUNNING)
    passing = sum(1 for x in rated if x[2] == "passing")
    base = {"total": len(seen), "running": running, "passing": passing, "excluded": len(rows) - len(seen)}
    if bad:
        row, outcome, key = bad[0]
        params = {**row, **base, "count": len(bad), "age_h": "?" if row.get("age_h") is None else row.get("age_h"),
                  "created_local": row.get("created_local") or "?"}
        return Verdict(outcome=outcome, message=key, params=params, evidence=[b[0] for b in bad],
                       objects={ctx.object_of(b[0]): b[1] for b in bad})
    return Verdict(outcome=Outcome.OK, message="ok", params=base, evidence=seen, objects={})


SPEC = CheckSpec(
    code="BAK018",
    name="datapump_jobs_not_running",
    title=T("Oracle Data Pump jobs stopped, stuck or left behind (state now)", "Oracle 数据泵作业已停止、卡住或残留（当前状态）"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON DBA_DATAPUMP_JOBS, SELECT ON DBA_OBJECTS")},
    columns=("owner_name", "job_name", "operation", "job_mode", "state", "degree", "attached_sessions",
             "datapump_sessions", "created_local", "age_h"),
    thresholds=(
        Threshold(name="not_running_hours", unit="hours", kind="guard", value=0,
                  rationale="a master table with no job behind it (STATE 'NOT RUNNING': no Data Pump process, Database "
                            "Utilities 19c 'DBMS_DATAPUMP Job States') is reported at any age: it is a job stopped on "
                            "purpose to be restarted, or one that failed or was killed, and the view cannot tell which "
                            "(MOS 336014.1 'How To Cleanup Orphaned DataPump Jobs', as copied on public pages: ask the "
                            "owner); a job that did not complete keeps its master table (Utilities, KEEP_MASTER). Catalog ORA-BAK-07; the inspect4oracle backup module lists the jobs with no level. "
                            "Hours count from the master table's creation (the job's start), not from when it stopped"),
        Threshold(name="stuck_hours", unit="hours", kind="guard", value=6,
                  rationale="a job still DEFINING (opened, never started) 6 h after it was created is taken as stuck "
                            "(ours: no anchor gives a level). DEFINING is the state a job is created in (Database Utilities "
                            "'DBMS_DATAPUMP Job States'), so hours since the master table's creation are hours in it. "
                            "IDLING, STOP PENDING, STOPPING and COMPLETING are entered after EXECUTING and the view does "
                            "not record since when: they are listed, not rated (a long export caught in COMPLETING is "
                            "finishing, not stuck)"),
        Threshold(name="excluded_jobs", unit="OWNER.JOB_NAME pattern", kind="list", value=(),
                  rationale="jobs a site stops on purpose and restarts (e.g. SYSTEM.NIGHTLY_EXP*, shell-style patterns "
                            "on OWNER.JOB_NAME); none by default"),
    ),
    judge=judge,
    messages={
        "ok": T("{total} Data Pump job(s) now, {running} executing, {passing} in a passing state (IDLING, STOPPING, "
                "COMPLETING …: not rated, the view does not say since when), none stopped, stuck or left behind (state now: "
                "DBA_DATAPUMP_JOBS keeps no history, a job that failed and was cleaned up shows only in its log file)",
                "当前有 {total} 个数据泵作业，{running} 个正在执行，{passing} 个处于过渡状态（IDLING、STOPPING、COMPLETING 等："
                "不评级，视图不记录进入该状态的时间），没有已停止、卡住或残留的作业（当前状态：DBA_DATAPUMP_JOBS "
                "不保留历史，已失败并被清理的作业只见于其日志文件）"),
        "not_running": T("Data Pump job {owner_name}.{job_name} ({operation} {job_mode}) is NOT RUNNING with "
                         "{attached_sessions} session(s) attached, created {created_local} ({age_h} h ago): stopped on "
                         "purpose to be restarted, or left by a job that failed or was killed; {count} of {total} job(s) "
                         "need a look (state now: the view keeps no history of failed jobs)",
                         "数据泵作业 {owner_name}.{job_name}（{operation} {job_mode}）状态为 NOT RUNNING，附加会话 "
                         "{attached_sessions} 个，创建于 {created_local}（{age_h} 小时前）：或为有意停止待重启，或为失败/被终止的作业"
                         "残留；{total} 个作业中有 {count} 个需要处理（当前状态：该视图不保留失败作业的历史）"),
        "stuck": T("Data Pump job {owner_name}.{job_name} ({operation} {job_mode}) is still {state} (opened, never "
                   "started), created {created_local} ({age_h} h ago: a job is created in that state); {count} of "
                   "{total} job(s) need a look (state now)",
                   "数据泵作业 {owner_name}.{job_name}（{operation} {job_mode}）仍处于 {state} 状态（已打开但从未启动），创建于 {created_local}"
                   "（{age_h} 小时前：作业创建时即处于该状态）；{total} 个作业中有 {count} 个需要处理（当前状态）"),
    },
    remediation=RemediationSpec(
        text=T("Ask the job's owner first: a job stopped with STOP_JOB on purpose is restarted by attaching "
               "(expdp/impdp ATTACH=<owner>.<job>, then START_JOB). Read the job's log file for why it stopped. To end a "
               "job that will not be restarted, attach with the client of its OPERATION (expdp for EXPORT, impdp for "
               "IMPORT) as its owner or a user with DATAPUMP_EXP_FULL_DATABASE / DATAPUMP_IMP_FULL_DATABASE and give "
               "KILL_JOB: it drops the master table and, for an export, deletes the job's dump files (the log file "
               "stays), and the job cannot be restarted. Only when the attach fails (its dump files are gone) drop the "
               "master table by hand, after confirming it is no running job: STATE 'NOT RUNNING', ATTACHED_SESSIONS 0 "
               "and no row in DBA_DATAPUMP_SESSIONS for it; dropping the master table of a running job aborts it (an "
               "import is left half done). Drop it with PURGE, or it stays in the recycle bin. In a CDB, do this in "
               "the container the job ran in.",
               "先询问作业属主：有意用 STOP_JOB 停止的作业，可附加（expdp/impdp ATTACH=<属主>.<作业名>）后执行 START_JOB "
               "重启。查看作业日志文件了解停止原因。对不再重启的作业，按其 OPERATION 选择客户端（EXPORT 用 expdp，IMPORT 用 "
               "impdp），以属主或具有 DATAPUMP_EXP_FULL_DATABASE / DATAPUMP_IMP_FULL_DATABASE 的用户附加后执行 KILL_JOB："
               "它会删除主表，导出作业还会删除其转储文件（日志文件保留），且作业无法再重启。仅当无法附加（转储文件已不存在）时才"
               "手工删除主表，且须先确认它不是运行中的作业：STATE 为 NOT RUNNING、ATTACHED_SESSIONS 为 0，且 "
               "DBA_DATAPUMP_SESSIONS 中没有该作业的行；删除运行中作业的主表会使其中止（导入会只完成一半）。删除时加 PURGE，"
               "否则主表会留在回收站中。CDB 中应在作业所在的容器内操作。"),
        commands={"oracle": [
            "SELECT owner_name, job_name, operation, job_mode, state, attached_sessions FROM dba_datapump_jobs "
            "WHERE job_name NOT LIKE 'BIN$%' ORDER BY owner_name, job_name;",
            "SELECT owner_name, job_name, session_type FROM dba_datapump_sessions WHERE job_name = '<job>';",
            "$ expdp <owner> ATTACH=<owner>.<job>    -- impdp for an IMPORT job; then at the prompt: KILL_JOB (or START_JOB to resume)",
            "-- only if the attach fails and the checks above show no session (quoted: job names may be mixed case): "
            "DROP TABLE \"<owner>\".\"<job>\" PURGE;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_DATAPUMP_JOBS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/using-oracle_datapump-api.html",
                    "https://docs.oracle.com/database/121/SUTIL/GUID-E4670F49-739C-48CD-AE6C-E98DBC467E36.htm"],
    ),
    timeout_s=20,
    object_key=("owner_name", "job_name"),
)
