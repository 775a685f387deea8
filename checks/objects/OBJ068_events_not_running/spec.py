from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome

REPLICA_SIDE = ("SLAVESIDE_DISABLED", "REPLICA_SIDE_DISABLED")  # MariaDB, MySQL 8.0 / MySQL 8.4


def _rate(row, role) -> tuple[Outcome, str | None]:
    """(outcome, message key) of one event; role is 'primary', 'standby' or None (unknown)."""
    status = str(row.get("status") or "").upper()
    scheduler_on = str(row.get("event_scheduler") or "").upper() == "ON"
    if status == "ENABLED":
        if role == "standby":  # replicated events arrive SLAVESIDE_DISABLED: this one was made here
            return (Outcome.WARNING, "runs_on_replica") if scheduler_on else (Outcome.OK, None)
        if not scheduler_on:
            return (Outcome.CRITICAL if role == "primary" else Outcome.WARNING), "scheduler_off"
        return Outcome.OK, None
    if status in REPLICA_SIDE:
        if role == "standby":
            return Outcome.OK, None  # how a replica keeps what it replicates
        made_elsewhere = str(row.get("originator")) != str(row.get("server_id"))
        return (Outcome.CRITICAL if role == "primary" and made_elsewhere else Outcome.WARNING), "replica_side"
    if num(row.get("finished")):
        return Outcome.OK, None  # a one-time event that ran, or a recurring one past its ENDS
    return Outcome.WARNING, "disabled"


@uses()
def judge(rows, th, ctx) -> Verdict:
    role = ctx.facts.get("role")
    rated = [(r, *_rate(r, role)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)
    first = rows[0] if rows else {}
    params = {"total": int(num(first.get("total")) or 0), "count": len(bad),
              "enabled": sum(1 for r in rows if str(r.get("status")).upper() == "ENABLED"),
              "replica_side": sum(1 for r in rows if str(r.get("status")).upper() in REPLICA_SIDE),
              "event_scheduler": first.get("event_scheduler")}
    if not bad:
        key = "ok_none" if not rows else "ok_replica" if role == "standby" else "ok"
        return Verdict(outcome=Outcome.OK, message=key, params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = bad[0]
    every, at, last = worst.get("every"), worst.get("execute_at_utc"), worst.get("last_executed_utc")
    params.update(schedule=f"every {every}" if every else f"at {at} UTC", schedule_zh=f"间隔 {every}" if every else f"于 {at} UTC",
                  last_run=f"{last} UTC" if last else "never", last_run_zh=f"{last} UTC" if last else "从未运行")
    return Verdict(outcome=outcome, message=key, params={**worst, **params},
                   evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ068",
    name="events_not_running",
    title=T("Scheduled events that do not run (scheduler off, disabled, left disabled after a failover)",
            "定时事件未运行（调度器关闭、被禁用、切换后仍为从库禁用状态）"),
    category="objects",
    tier="weekly",
    engines={
        # MySQL 8: information_schema.EVENTS shows a schema's events only to a user holding EVENT on it
        # (there is no mysql.event in 8.0). MariaDB: mysql.event, a read-only grant (EVENTS would need
        # EVENT, measured on 10.11). The verdict depends on whether this server is a replica (the
        # session's role fact), which needs SLAVE MONITOR on MariaDB (SHOW ALL SLAVES STATUS) and SELECT
        # on performance_schema.replication_connection_configuration on MySQL 8; without it the role is
        # unknown and nothing here could be rated CRITICAL, so it is declared.
        "mysql": EngineSupport(min_version="8.0",
                               privilege="EVENT, SELECT ON performance_schema.replication_connection_configuration"),
        "mariadb": EngineSupport(min_version="10.5.9", privilege="SELECT ON mysql.event, SLAVE MONITOR"),
    },
    columns=("event_schema", "event_name", "definer", "event_type", "status", "every", "execute_at_utc", "ends_utc",
             "last_executed_utc", "finished", "originator", "server_id", "event_scheduler", "total"),
    object_key=("event_schema", "event_name"),
    judge=judge,
    messages={
        "ok_none": T("No scheduled event in a user schema", "业务库中没有定时事件"),
        "ok": T("{total} event(s), each able to run or finished (event_scheduler {event_scheduler}); whether their runs "
                "failed is only in the error log",
                "{total} 个事件均可运行或已正常结束（event_scheduler {event_scheduler}）；运行是否报错只记录在错误日志中"),
        "ok_replica": T("{total} event(s) on this replica, {replica_side} kept SLAVESIDE_DISABLED as replicated events "
                        "should be (enable them with ALTER EVENT … ENABLE if it is promoted)",
                        "本从库上有 {total} 个事件，其中 {replica_side} 个按复制规则保持 SLAVESIDE_DISABLED（若提升为主库需执行 "
                        "ALTER EVENT … ENABLE）"),
        "scheduler_off": T("event_scheduler is {event_scheduler} while {enabled} event(s) are ENABLED, e.g. "
                           "{event_schema}.{event_name} ({event_type}, {schedule}, last run {last_run}): none of them runs",
                           "event_scheduler 为 {event_scheduler}，而有 {enabled} 个事件处于 ENABLED，例如 "
                           "{event_schema}.{event_name}（{event_type}，{schedule_zh}，上次运行 {last_run_zh}）：它们都不会运行"),
        "replica_side": T("{event_schema}.{event_name} is {status} on a server that replicates from no source (created on "
                          "server {originator}, this is server {server_id}): it never runs here — a promoted replica "
                          "keeps its events disabled until ALTER EVENT … ENABLE; {count} event(s) at fault",
                          "{event_schema}.{event_name} 在一台没有复制源的服务器上处于 {status}（创建于 server {originator}，本机为 "
                          "server {server_id}）：它在这里永远不会运行——从库提升为主库后，事件保持禁用直到执行 ALTER EVENT … ENABLE；"
                          "共 {count} 个事件有问题"),
        "runs_on_replica": T("{event_schema}.{event_name} is ENABLED on a replica whose event_scheduler is ON: it runs here "
                             "besides on the source (its writes fail under read_only or make the replica diverge); "
                             "{count} event(s) at fault",
                             "{event_schema}.{event_name} 在 event_scheduler 为 ON 的从库上处于 ENABLED：它在从库上也会运行（其写入在 "
                             "read_only 下会失败，或导致主从数据不一致）；共 {count} 个事件有问题"),
        "disabled": T("{count} event(s) disabled and not finished, e.g. {event_schema}.{event_name} ({event_type}, {schedule}, "
                      "last run {last_run}): it does not run — enable it, or drop it if it is obsolete",
                      "{count} 个事件被禁用且未结束，例如 {event_schema}.{event_name}（{event_type}，{schedule_zh}，上次运行 "
                      "{last_run_zh}）：它不会运行——需要时启用，已废弃则删除"),
    },
    remediation=RemediationSpec(
        text=T("On a primary: turn the scheduler on (SET GLOBAL event_scheduler = ON, and event_scheduler = ON in the "
               "configuration file so a restart keeps it; a server started with event_scheduler = DISABLED needs a "
               "restart) and enable the events that must run, SLAVESIDE_DISABLED ones left from a promotion first. On a "
               "replica, disable events created there with ALTER EVENT … DISABLE ON SLAVE. Failed runs are in the error "
               "log ('Event Scheduler:' lines).",
               "在主库上：开启调度器（SET GLOBAL event_scheduler = ON，并在配置文件中设置 event_scheduler = ON 以便重启后保持；"
               "以 event_scheduler = DISABLED 启动的实例需要重启），并启用需要运行的事件，优先处理切换后遗留的 SLAVESIDE_DISABLED "
               "事件。在从库上，用 ALTER EVENT … DISABLE ON SLAVE 禁用在从库本地创建的事件。运行失败记录在错误日志中（'Event "
               "Scheduler:' 行）。"),
        commands={
            "mysql": ["SET GLOBAL event_scheduler = ON;  -- and event_scheduler = ON under [mysqld] in the configuration file",
                      "ALTER EVENT <schema>.<event> ENABLE;",
                      "ALTER EVENT <schema>.<event> DISABLE ON REPLICA;  -- MySQL 8.0.22+: on a replica, an event made there",
                      "SELECT event_schema, event_name, status, originator FROM information_schema.EVENTS WHERE status <> 'ENABLED';"],
            "mariadb": ["SET GLOBAL event_scheduler = ON;  -- and event_scheduler = ON under [mariadbd] in the configuration file",
                        "ALTER EVENT <schema>.<event> ENABLE;",
                        "ALTER EVENT <schema>.<event> DISABLE ON SLAVE;  -- on a replica, an event made there",
                        "SELECT db, name, status, originator FROM mysql.event WHERE status <> 'ENABLED';"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/replication-features-invoked.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/events-configuration.html",
                    "https://mariadb.com/kb/en/events/"],
    ),
    timeout_s=10,
)
