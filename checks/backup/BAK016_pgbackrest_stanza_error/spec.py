from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _truthy(v) -> bool:
    return v is True or str(v).lower() in ("1", "true", "t", "yes")


@uses()
def judge(rows, th, ctx) -> Verdict:
    row = dict(rows[0])
    running = _truthy(row.get("backup_running"))
    params = {**row, "running": "; a backup or expire is running now" if running else "",
              "running_zh": "；当前有备份或过期清理正在运行" if running else "",
              "repo_status": row.get("repo_status") or "-"}
    if row.get("system_id_match") is not None and not _truthy(row.get("system_id_match")):
        return Verdict(outcome=Outcome.CRITICAL, message="other_cluster", params=params)
    code = num(row.get("status_code"))
    if code == 0:
        return Verdict(outcome=Outcome.OK, message="ok", params=params)
    if code == 2:
        return Verdict(outcome=Outcome.WARNING, message="no_backups", params=params)
    return Verdict(outcome=Outcome.CRITICAL, message="error", params=params)


SPEC = CheckSpec(
    code="BAK016",
    name="pgbackrest_stanza_error",
    title=T("pgBackRest reports its stanza unhealthy, or the stanza is another cluster's",
            "pgBackRest 报告其 stanza 状态异常，或该 stanza 属于另一个集群"),
    category="backup",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("stanza", "status_code", "status_message", "repo_status", "backup_running", "system_id_match",
             "stanza_system_ids", "server_system_id", "pgbackrest_version", "note"),
    # pgBackRest's own status codes (src/command/info/info.c): 0 ok; 2 no valid backups = warning (pg-healthcheck
    # G02-010 'Stanza health' WARN; BAK014 rates the missing backup itself); 1 missing stanza path, 3 missing stanza
    # data, 4 mixed across repositories, 5 database mismatch, 99 other (a repository could not be read) = critical:
    # the tool cannot vouch for any backup of the stanza. A stanza whose clusters' system-id is not this server's
    # holds another cluster's backups = critical.
    thresholds=(),
    judge=judge,
    messages={
        "ok": T("pgBackRest stanza {stanza}: status ok ({repo_status}){running}; the stanza is this cluster's "
                "(system-id {server_system_id})",
                "pgBackRest stanza {stanza}：状态 ok（{repo_status}）{running_zh}；该 stanza 属于本集群（system-id {server_system_id}）"),
        "no_backups": T("pgBackRest stanza {stanza}: {status_message} (status {status_code}; {repo_status}){running}: the "
                        "stanza exists but holds no backup yet",
                        "pgBackRest stanza {stanza}：{status_message}（状态 {status_code}；{repo_status}）{running_zh}："
                        "stanza 已存在但尚无任何备份"),
        "error": T("pgBackRest stanza {stanza} is unhealthy: status {status_code} {status_message} ({repo_status}){running}: "
                   "pgBackRest cannot vouch for the stanza's backups or WAL archive",
                   "pgBackRest stanza {stanza} 状态异常：状态 {status_code} {status_message}（{repo_status}）{running_zh}："
                   "pgBackRest 无法确认该 stanza 的备份与 WAL 归档可用"),
        "other_cluster": T("pgBackRest stanza {stanza} holds another cluster's backups: its system-id {stanza_system_ids}, "
                           "this server's {server_system_id} — this server's backups are not there (wrong stanza in the "
                           "inventory or archive_command, or the cluster was re-created without stanza-upgrade)",
                           "pgBackRest stanza {stanza} 保存的是另一个集群的备份：其 system-id 为 {stanza_system_ids}，本服务器为 "
                           "{server_system_id}——本服务器的备份不在其中（巡检清单或 archive_command 中的 stanza 有误，"
                           "或集群重建后未执行 stanza-upgrade）"),
    },
    remediation=RemediationSpec(
        text=T("Run pgbackrest check and info on the database host: a missing stanza path or data means stanza-create "
               "was never run or the repository was moved; 'other' carries the repository's error (permissions, an "
               "unreachable object store, a wrong repo path); a database mismatch follows a pg_upgrade without "
               "stanza-upgrade. Fix it before the next backup is needed.",
               "在数据库主机上运行 pgbackrest check 与 info：缺少 stanza 路径或数据说明从未执行 stanza-create 或仓库被移动；"
               "other 附带仓库的错误（权限、对象存储不可达、repo 路径错误）；数据库不匹配通常发生在 pg_upgrade 后未执行 "
               "stanza-upgrade。应在需要下一次备份之前修复。"),
        commands={"postgresql": ["pgbackrest --stanza=<stanza> info", "pgbackrest --stanza=<stanza> check",
                                 "pgbackrest --stanza=<stanza> stanza-create   # a new stanza only",
                                 "pgbackrest --stanza=<stanza> stanza-upgrade  # after pg_upgrade"]},
        references=["https://pgbackrest.org/command.html#command-info", "https://pgbackrest.org/command.html#command-check"],
    ),
    timeout_s=30,
    basis="current",
    object_key=("stanza",),
)
