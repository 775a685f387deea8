from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row) -> tuple[Outcome, str]:
    up = lambda c: str(row.get(c) or "").upper()  # noqa: E731
    standby = "STANDBY" in up("database_role")
    if up("kind") == "PDB":
        if not (row.get("open_instances") or 0):
            # on a standby a mounted PDB only lacks its read-only service; on a primary its applications are down
            return (Outcome.WARNING, "pdb_closed") if standby else (Outcome.CRITICAL, "pdb_closed")
        if up("restricted") == "YES":
            return Outcome.WARNING, "pdb_restricted"
        return Outcome.OK, "ok"
    if up("status") == "MOUNTED" and standby:
        return Outcome.OK, "ok"  # a standby instance that applies redo without Active Data Guard is mounted by design
    if up("status") != "OPEN" or up("database_status") != "ACTIVE":
        return Outcome.CRITICAL, "instance_state"
    if up("database_role") == "PRIMARY" and up("open_mode") != "READ WRITE":
        return Outcome.CRITICAL, "primary_not_read_write"
    if up("shutdown_pending") == "YES" or up("logins") == "RESTRICTED":
        return Outcome.WARNING, "restricted"
    return Outcome.OK, "ok"


@uses()
def judge(rows, th, ctx) -> Verdict:
    if not rows:
        return Verdict(outcome=Outcome.ERROR, message="no_data")
    rated = [(r, *_rate(r)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -x[1].rank)
    if not bad:
        instances = [r for r in rows if str(r.get("kind") or "").upper() == "INSTANCE"]
        return Verdict(outcome=Outcome.OK, message="ok",
                       params={**rows[0], "instances": len(instances), "pdbs": len(rows) - len(instances)},
                       evidence=rows, objects={})
    row, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**row, "count": len(bad)}, evidence=[b[0] for b in bad],
                   objects={ctx.object_of(b[0]): b[1] for b in bad})


SPEC = CheckSpec(
    code="RUN018",
    name="instance_not_open",
    title=T("Oracle instance, database or PDB not open for service", "Oracle 实例、数据库或 PDB 未正常打开"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON GV_$INSTANCE, SELECT ON V_$DATABASE, "
                                                                    "SELECT ON GV_$PDBS")},
    columns=("container_name", "kind", "status", "database_status", "logins", "shutdown_pending", "open_mode",
             "database_role", "restricted", "open_instances", "instances"),
    judge=judge,
    messages={
        "ok": T("{instances} instance(s) open (first: {container_name}), database {open_mode} ({database_role}); {pdbs} PDB(s) open",
                "{instances} 个实例已打开（首个：{container_name}），数据库 {open_mode}（{database_role}）；{pdbs} 个 PDB 已打开"),
        "instance_state": T("Instance {container_name} is {status} / {database_status}, not OPEN / ACTIVE",
                            "实例 {container_name} 状态为 {status} / {database_status}，不是 OPEN / ACTIVE"),
        "primary_not_read_write": T("The primary database is open {open_mode}, not READ WRITE",
                                    "主库以 {open_mode} 方式打开，不是 READ WRITE"),
        "restricted": T("Instance {container_name}: logins {logins}, shutdown pending {shutdown_pending}",
                        "实例 {container_name}：登录 {logins}，挂起的关闭 {shutdown_pending}"),
        "pdb_closed": T("PDB {container_name} is {open_mode} on all {instances} instance(s): its applications cannot connect "
                        "({count} PDB(s) at fault)",
                        "PDB {container_name} 在全部 {instances} 个实例上均处于 {open_mode} 状态，应用无法连接（共 {count} 个 PDB 异常）"),
        "pdb_restricted": T("PDB {container_name} is open RESTRICTED (only RESTRICTED SESSION users can connect; "
                            "often a plug-in violation or a failed datapatch)",
                            "PDB {container_name} 以 RESTRICTED 方式打开（仅有 RESTRICTED SESSION 权限的用户可连接；"
                            "常见原因是插入冲突或 datapatch 失败）"),
        "no_data": T("GV$INSTANCE returned no row", "GV$INSTANCE 未返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Open what is closed: a mounted PDB with ALTER PLUGGABLE DATABASE … OPEN and SAVE STATE so it opens "
               "after the next restart; a RESTRICTED PDB: read PDB_PLUG_IN_VIOLATIONS and finish datapatch; an "
               "instance not OPEN / ACTIVE or a primary not READ WRITE: read the alert log for the cause first. On RAC, "
               "open a PDB where its services run (srvctl start service) rather than on every instance by hand.",
               "打开未打开的对象：已 MOUNT 的 PDB 执行 ALTER PLUGGABLE DATABASE … OPEN 并 SAVE STATE，确保下次重启后自动打开；"
               "RESTRICTED 的 PDB 查看 PDB_PLUG_IN_VIOLATIONS 并完成 datapatch；实例不是 OPEN/ACTIVE 或主库不是 READ WRITE 时，"
               "先查看告警日志确定原因。RAC 环境下应在其服务所在实例上打开 PDB（srvctl start service），而非在每个实例上手工打开。"),
        commands={"oracle": ["SELECT inst_id, instance_name, status, database_status, logins FROM gv$instance;",
                             "SELECT inst_id, name, open_mode, restricted FROM gv$pdbs ORDER BY name, inst_id;",
                             "ALTER PLUGGABLE DATABASE <pdb> OPEN; ALTER PLUGGABLE DATABASE <pdb> SAVE STATE;",
                             "SELECT name, cause, type, message, status FROM pdb_plug_in_violations WHERE status <> 'RESOLVED';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-INSTANCE.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-PDBS.html"],
    ),
    timeout_s=10,
    object_key=("kind", "container_name"),
)
