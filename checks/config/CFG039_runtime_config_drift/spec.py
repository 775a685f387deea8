from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

RUNTIME = {"dynamic", "sql"}  # MySQL 8 VARIABLE_SOURCE / MariaDB GLOBAL_VALUE_ORIGIN of a SET GLOBAL


@uses("ignored")
def judge(rows, th, ctx) -> Verdict:
    """Each variable set at runtime and not persisted (runtime != configuration: a restart reverts it), and
    on MySQL 8 each change inside the window with when and who; variables in ``ignored`` (the server's own
    bookkeeping) are left out."""
    ignored = {str(v).lower() for v in th["ignored"].value or ()}
    bad = []
    for r in rows:
        if str(r.get("name") or "").lower() in ignored:
            continue
        runtime = str(r.get("source") or "").lower() in RUNTIME
        changed = r.get("changed_in_window") in (1, True, "1")
        if runtime or changed:
            bad.append(({**r, "state": "runtime only" if runtime else "persisted"}, "runtime" if runtime else "changed"))
    names = ", ".join(f"{r['name']} = {r['setting']}" for r, _ in bad[:10]) + (" …" if len(bad) > 10 else "")
    params = {"count": len(bad), "total": len(rows), "names": names}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    first = bad[0][0]
    when = f" at {first['set_time']} by {first['set_by']}" if first.get("set_time") else ""
    return Verdict(outcome=Outcome.WARNING, message=bad[0][1], params={**params, **first, "when": when},
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={r["name"]: Outcome.WARNING for r, _ in bad})


SPEC = CheckSpec(
    code="CFG039",
    name="runtime_config_drift",
    title=T("Settings changed at runtime (not in the configuration) or inside the window",
            "运行时修改的参数（未写入配置）或窗口内的参数变更"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.1", privilege="USAGE"),
    },
    columns=("name", "setting", "default_value", "source", "set_time", "set_by", "changed_in_window"),
    object_key=("name",),
    thresholds=(
        Threshold(name="ignored", unit="variables", kind="list",
                  value=("gtid_slave_pos", "gtid_binlog_state", "gtid_purged", "gtid_executed", "debug_sync"),
                  rationale="the server's and replication's own bookkeeping, set with SET GLOBAL by tools as part of "
                            "normal operation (BlueKing mysql-config-diff compares the configuration files, not these)"),
    ),
    judge=judge,
    messages={
        "ok": T("No global variable runs with a value set at runtime and not persisted, and none changed inside the "
                "window ({total} change records read)",
                "没有以运行时设置且未持久化的值运行的全局变量，窗口内也没有变更（读取 {total} 条变更记录）"),
        "runtime": T("{count} variable(s) changed at runtime and not in the configuration, e.g. {name} = {setting}"
                     "{when}: the running server differs from its configuration files and a restart reverts them "
                     "(catalog MY-CFG-10, BlueKing mysql-config-diff): {names}",
                     "{count} 个变量在运行时被修改且未写入配置，例如 {name} = {setting}{when}：运行中的服务器与配置文件不一致，"
                     "重启后将恢复原值（目录 MY-CFG-10，BlueKing mysql-config-diff）：{names}"),
        "changed": T("{count} variable(s) changed inside the window, e.g. {name} = {setting}{when} ({source}): {names}",
                     "窗口内有 {count} 个变量被修改，例如 {name} = {setting}{when}（{source}）：{names}"),
    },
    remediation=RemediationSpec(
        text=T("Decide for each variable: keep the new value in the configuration (MySQL 8: SET PERSIST, which "
               "writes mysqld-auto.cnf; MariaDB: the config file) or set the configured value back. Record who "
               "changed what in the change log.",
               "逐个变量决定：把新值写入配置（MySQL 8：SET PERSIST，写入 mysqld-auto.cnf；MariaDB：配置文件），或恢复配置中的值。"
               "在变更记录中登记谁修改了什么。"),
        commands={
            "mysql": ["SET PERSIST <name> = @@global.<name>;  -- keep the running value across restarts",
                      "SELECT * FROM performance_schema.variables_info WHERE VARIABLE_SOURCE = 'DYNAMIC';"],
            "mariadb": ["# my.cnf [mariadb]: <name> = <value>  -- keep it, or SET GLOBAL <name> = DEFAULT / the configured value",
                        "SELECT VARIABLE_NAME, GLOBAL_VALUE FROM information_schema.SYSTEM_VARIABLES WHERE GLOBAL_VALUE_ORIGIN = 'SQL';"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/performance-schema-variables-info-table.html",
                    "https://mariadb.com/kb/en/information-schema-system_variables-table/"],
    ),
    timeout_s=5,
)
