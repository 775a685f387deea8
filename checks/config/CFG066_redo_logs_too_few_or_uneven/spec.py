from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _uneven(row, ctx):
    if num(row.get("min_mb")) is not None and num(row.get("max_mb")) != num(row.get("min_mb")):
        return Outcome.WARNING, "uneven"
    return None


_rows = rows_judge([("groups", "groups")], problem="few", flag=_uneven)


@uses("groups")
def judge(rows, th, ctx):
    if not rows:  # an open database always has redo logs
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    return _rows(rows, th, ctx)


SPEC = CheckSpec(
    code="CFG066",
    name="redo_logs_too_few_or_uneven",
    title=T("Oracle online redo log groups too few or of uneven sizes", "Oracle 在线重做日志组过少或大小不一"),
    category="config",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$LOG", container="root")},
    columns=("thread", "groups", "min_mb", "max_mb", "min_members"),
    thresholds=(
        Threshold(name="groups", unit="groups per thread", warning=2, critical=None, direction="below",
                  rationale="Oracle Database Administrator's Guide 19c ('Planning the Redo Log'): two groups is the "
                            "minimum, more avoid switches waiting on archiving or a checkpoint; catalog ORA-CFG-07 "
                            "(see ORA-RUN-08). Warning at the minimum of 2; members per group are BAK013's"),
    ),
    judge=judge,
    object_key=("thread",),
    messages={
        "ok": T("Every redo thread has more than {groups_warning} groups of one size (thread {thread}: {groups} groups "
                "of {max_mb} MB)",
                "每个重做线程都有超过 {groups_warning} 个大小一致的日志组（线程 {thread}：{groups} 组，每组 {max_mb} MB）"),
        "few": T("Redo thread {thread} has only {groups} groups ({min_mb}–{max_mb} MB): a log switch waits whenever the "
                 "next group is still being archived or checkpointed",
                 "重做线程 {thread} 只有 {groups} 个日志组（{min_mb}–{max_mb} MB）：下一组尚在归档或检查点时日志切换会等待"),
        "uneven": T("Redo thread {thread} mixes group sizes from {min_mb} MB to {max_mb} MB ({groups} groups): switch "
                    "intervals and archive sizes vary with the group in use",
                    "重做线程 {thread} 的日志组大小从 {min_mb} MB 到 {max_mb} MB 不等（{groups} 组）：切换间隔和归档大小随当前组而变"),
        "unreadable": T("Not inspected: V$LOG returned no row to this user", "未检查：V$LOG 未向此用户返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Add groups of the thread's common size (ALTER DATABASE ADD LOGFILE THREAD n GROUP … SIZE …), one "
               "member per multiplexed location; drop an odd-sized group only once it is INACTIVE and archived.",
               "按该线程通用的大小增加日志组（ALTER DATABASE ADD LOGFILE THREAD n GROUP … SIZE …），每个复用位置一个成员；"
               "大小不一致的组须在 INACTIVE 且已归档后才能删除。"),
        commands={"oracle": ["ALTER DATABASE ADD LOGFILE THREAD <n> GROUP <g> ('<dest1>', '<dest2>') SIZE <size>;",
                             "SELECT group#, thread#, bytes/1048576 AS mb, members, status, archived FROM v$log ORDER BY 2, 1;",
                             "ALTER DATABASE DROP LOGFILE GROUP <g>;  -- only when INACTIVE and ARCHIVED = YES"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/admin/managing-the-redo-log.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-LOG.html"],
    ),
    timeout_s=10,
)
