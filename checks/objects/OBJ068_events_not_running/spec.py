from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome
from dbpatrol.timefmt import message_time

REPLICA_SIDE = ("SLAVESIDE_DISABLED", "REPLICA_SIDE_DISABLED")  # MariaDB, MySQL 8.0 / MySQL 8.4


def _rate(row, role, galera, gr_secondary) -> tuple[Outcome, str | None]:
    """(outcome, message key) of one event; role is 'primary', 'standby' or None (unknown). A Group
    Replication secondary is judged as a replica: what the primary writes arrives there, events included,
    as REPLICA_SIDE_DISABLED."""
    status = str(row.get("status") or "").upper()
    scheduler_on = str(row.get("event_scheduler") or "").upper() == "ON"
    replica = role == "standby" or gr_secondary
    if status == "ENABLED":
        if replica:  # replicated events arrive SLAVESIDE_DISABLED: this one was made here
            return (Outcome.WARNING, "runs_on_replica") if scheduler_on else (Outcome.OK, None)
        if not scheduler_on:
            return (Outcome.CRITICAL if role == "primary" else Outcome.WARNING), "scheduler_off"
        return Outcome.OK, None
    if status in REPLICA_SIDE:
        if replica:
            return Outcome.OK, None  # how a replica keeps what it replicates
        made_elsewhere = str(row.get("originator")) != str(row.get("server_id"))
        if galera and made_elsewhere:
            # Galera keeps an event ENABLED on the node that created it only, SLAVESIDE_DISABLED on the
            # others (MDEV-20511/MDEV-21758; measured on a 2-node cluster): enabling it here runs it twice
            return Outcome.OK, None
        return (Outcome.CRITICAL if role == "primary" and made_elsewhere else Outcome.WARNING), "replica_side"
    if num(row.get("finished")):
        return Outcome.OK, None  # a one-time event that ran, or a recurring one past its ENDS
    return Outcome.WARNING, "disabled"


def _sql_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _ident(name) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def enable_statement(row) -> str:
    """``ALTER DEFINER = 'u'@'h' EVENT `s`.`e` ENABLE``, naming the event's own definer: ALTER EVENT
    makes whoever runs it the event's definer (MySQL manual, ALTER EVENT; measured on MariaDB 10.11),
    so a DBA's plain ALTER EVENT … ENABLE would run the event's code with the DBA's privileges."""
    definer = str(row.get("definer") or "")
    user, at, host = definer.rpartition("@")
    who = f"{_sql_string(user)}@{_sql_string(host)}" if at else _ident(definer)  # MariaDB: a role has no host
    return f"ALTER DEFINER = {who} EVENT {_ident(row.get('event_schema'))}.{_ident(row.get('event_name'))} ENABLE"


@uses()
def judge(rows, th, ctx) -> Verdict:
    role, galera = ctx.facts.get("role"), bool(ctx.facts.get("galera"))
    gr_secondary = ctx.facts.get("group_replication_role") == "SECONDARY"
    rated = [(r, *_rate(r, role, galera, gr_secondary)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)
    first = rows[0] if rows else {}
    elsewhere = sorted({str(r.get("originator")) for r in rows if str(r.get("status")).upper() in REPLICA_SIDE
                        and str(r.get("originator")) != str(r.get("server_id"))})
    params = {"total": int(num(first.get("total")) or 0), "count": len(bad),
              "enabled": sum(1 for r in rows if str(r.get("status")).upper() == "ENABLED"),
              "replica_side": sum(1 for r in rows if str(r.get("status")).upper() in REPLICA_SIDE),
              "event_scheduler": first.get("event_scheduler"), "originators": ", ".join(elsewhere)}
    if not bad:
        replica = role == "standby" or gr_secondary
        key = ("ok_none" if not rows else "ok_replica" if replica else "ok_galera" if galera and elsewhere else "ok")
        return Verdict(outcome=Outcome.OK, message=key, params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = bad[0]
    every, at, last = worst.get("every"), worst.get("execute_at_utc"), worst.get("last_executed_utc")
    params.update(schedule=f"every {every}" if every else f"at {message_time(at)}",
                  schedule_zh=f"间隔 {every}" if every else f"于 {message_time(at)}",
                  last_run=message_time(last) if last else "never", last_run_zh=message_time(last) if last else "从未运行",
                  enable_sql=enable_statement(worst))
    return Verdict(outcome=outcome, message=key, params={**worst, **params},
                   evidence=[{**b[0], "enable_sql": enable_statement(b[0])} for b in bad][:EVIDENCE_LIMIT],
                   total=len(bad), objects=ctx.objects(rated))


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
        # A Group Replication secondary is judged as a replica: its membership from
        # performance_schema.replication_group_members (the group_replication facts).
        "mysql": EngineSupport(min_version="8.0",
                               privilege="EVENT, SELECT ON performance_schema.replication_connection_configuration, "
                                         "SELECT ON performance_schema.replication_group_members"),
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
                        "should be (if it is promoted, enable them with ALTER DEFINER = <the event's definer> EVENT … "
                        "ENABLE)",
                        "本从库上有 {total} 个事件，其中 {replica_side} 个按复制规则保持 SLAVESIDE_DISABLED（若提升为主库需执行 "
                        "ALTER DEFINER = <事件原定义者> EVENT … ENABLE）"),
        "ok_galera": T("{total} event(s) on this Galera node, {replica_side} SLAVESIDE_DISABLED because they were created "
                       "on another node (server_id {originators}), which is the one that runs them: check that node "
                       "(do not enable them here, they would run twice)",
                       "本 Galera 节点上有 {total} 个事件，其中 {replica_side} 个为 SLAVESIDE_DISABLED，因为它们创建于其他节点"
                       "（server_id {originators}），由该节点运行：请在该节点检查（不要在本节点启用，否则会重复运行）"),
        "scheduler_off": T("event_scheduler is {event_scheduler} while {enabled} event(s) are ENABLED, e.g. "
                           "{event_schema}.{event_name} ({event_type}, {schedule}, last run {last_run}): none of them runs",
                           "event_scheduler 为 {event_scheduler}，而有 {enabled} 个事件处于 ENABLED，例如 "
                           "{event_schema}.{event_name}（{event_type}，{schedule_zh}，上次运行 {last_run_zh}）：它们都不会运行"),
        "replica_side": T("{event_schema}.{event_name} is {status} on a server that replicates from no source (created on "
                          "server {originator}, this is server {server_id}): it never runs here — a promoted replica "
                          "keeps its events disabled until re-enabled, naming the event's definer ({enable_sql}; a plain "
                          "ALTER EVENT makes whoever runs it the definer); {count} event(s) at fault",
                          "{event_schema}.{event_name} 在一台没有复制源的服务器上处于 {status}（创建于 server {originator}，本机为 "
                          "server {server_id}）：它在这里永远不会运行——从库提升为主库后，事件保持禁用，直到指明原定义者重新启用（{enable_sql}；"
                          "直接执行 ALTER EVENT 会把执行者变为定义者）；共 {count} 个事件有问题"),
        "runs_on_replica": T("{event_schema}.{event_name} is ENABLED on a replica whose event_scheduler is ON: it runs here "
                             "besides on the source (its writes fail under read_only or make the replica diverge); "
                             "{count} event(s) at fault",
                             "{event_schema}.{event_name} 在 event_scheduler 为 ON 的从库上处于 ENABLED：它在从库上也会运行（其写入在 "
                             "read_only 下会失败，或导致主从数据不一致）；共 {count} 个事件有问题"),
        "disabled": T("{count} event(s) disabled and not finished, e.g. {event_schema}.{event_name} ({event_type}, {schedule}, "
                      "last run {last_run}): it does not run — enable it where it must run ({enable_sql}), or drop it if it "
                      "is obsolete",
                      "{count} 个事件被禁用且未结束，例如 {event_schema}.{event_name}（{event_type}，{schedule_zh}，上次运行 "
                      "{last_run_zh}）：它不会运行——需要时在应运行的实例上启用（{enable_sql}），已废弃则删除"),
    },
    remediation=RemediationSpec(
        text=T("On a primary: turn the scheduler on (SET GLOBAL event_scheduler = ON, and event_scheduler = ON in the "
               "configuration file so a restart keeps it; a server started with event_scheduler = DISABLED needs a "
               "restart) and enable the events that must run, SLAVESIDE_DISABLED ones left from a promotion first — never "
               "on a Galera node, where an event made on another node stays SLAVESIDE_DISABLED because that node runs "
               "it, nor on a Group Replication secondary. Always name the event's current definer (ALTER DEFINER = "
               "… EVENT, the finding's enable_sql): ALTER EVENT makes whoever runs it the definer, so a plain one run "
               "as root would run the event's code as root from then on. On a replica, disable events created there "
               "with ALTER DEFINER = … EVENT … DISABLE ON SLAVE. Failed runs are in the error log ('Event Scheduler:' "
               "lines).",
               "在主库上：开启调度器（SET GLOBAL event_scheduler = ON，并在配置文件中设置 event_scheduler = ON 以便重启后保持；"
               "以 event_scheduler = DISABLED 启动的实例需要重启），并启用需要运行的事件，优先处理切换后遗留的 SLAVESIDE_DISABLED "
               "事件——但绝不要在 Galera 节点上启用（在其他节点创建的事件在本节点保持 SLAVESIDE_DISABLED，正是因为由那个节点运行），"
               "也不要在组复制的从节点上启用。始终指明事件当前的定义者（ALTER DEFINER = … EVENT，即发现中的 enable_sql）："
               "ALTER EVENT 会把执行者变为定义者，以 root 执行的普通 ALTER EVENT 会让事件此后以 root 身份运行。在从库上，用 "
               "ALTER DEFINER = … EVENT … DISABLE ON SLAVE 禁用在从库本地创建的事件。运行失败记录在错误日志中（'Event "
               "Scheduler:' 行）。"),
        commands={
            "mysql": ["SET GLOBAL event_scheduler = ON;  -- and event_scheduler = ON under [mysqld] in the configuration file",
                      "ALTER DEFINER = '<user>'@'<host>' EVENT <schema>.<event> ENABLE;  -- its current definer (enable_sql); "
                      "never on a Group Replication secondary",
                      "ALTER DEFINER = '<user>'@'<host>' EVENT <schema>.<event> DISABLE ON REPLICA;  -- MySQL 8.0.22+: on a "
                      "replica, an event made there",
                      "SELECT event_schema, event_name, status, originator FROM information_schema.EVENTS WHERE status <> 'ENABLED';"],
            "mariadb": ["SET GLOBAL event_scheduler = ON;  -- and event_scheduler = ON under [mariadbd] in the configuration file",
                        "ALTER DEFINER = '<user>'@'<host>' EVENT <schema>.<event> ENABLE;  -- its current definer "
                        "(enable_sql); never on a Galera node for an event made on another node",
                        "ALTER DEFINER = '<user>'@'<host>' EVENT <schema>.<event> DISABLE ON SLAVE;  -- on a replica, an "
                        "event made there",
                        "SELECT db, name, status, originator FROM mysql.event WHERE status <> 'ENABLED';"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/replication-features-invoked.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/events-configuration.html",
                    "https://mariadb.com/kb/en/events/"],
    ),
    timeout_s=10,
)
