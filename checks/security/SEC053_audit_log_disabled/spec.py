from checks.judges import EVIDENCE_LIMIT, uses
from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, is_on, listed
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

PLUGINS = ("server_audit", "audit_log", "audit_log_filter")  # audit_log_filter: Percona 8.4's component


@uses("unaudited_users")
def _judge(rows, th, ctx):
    by = {str(r.get("name")).lower(): r for r in rows}
    loaded = [by[p] for p in PLUGINS if p in by]
    plugin = next((p for p in loaded if str(p.get("setting")).upper() == "ACTIVE"),
                  loaded[0] if loaded else {"name": "audit plugin", "setting": "NOT LOADED", "detail": None})
    bad = []

    def flag(row, message):
        bad.append(({**row}, message))

    active = str(plugin.get("setting")).upper() == "ACTIVE"
    logging = by.get("server_audit_logging")
    if not active:
        flag(plugin, "no_audit")
    elif logging is not None and not is_on(logging.get("setting")):
        flag(logging, "not_logging")
    else:
        events = by.get("server_audit_events")
        if events is not None and str(events.get("setting") or "").strip() and \
                "CONNECT" not in str(events.get("setting")).upper().split(","):
            flag(events, "no_connect")
        policy = by.get("audit_log_connection_policy")
        if policy is not None and str(policy.get("setting")).upper() == "NONE":
            flag(policy, "no_connect")
        policy = by.get("audit_log_policy")  # Percona Server's audit_log: ALL, LOGINS, QUERIES, NONE
        if policy is not None and str(policy.get("setting")).upper() in ("NONE", "QUERIES"):
            flag(policy, "no_connect")
        # 等保 8.1.4.3 a) asks the audit to cover every user: MariaDB audits only server_audit_incl_users
        # when it is set, and never server_audit_excl_users (beyond the approved unaudited_users)
        incl = by.get("server_audit_incl_users")
        if incl is not None and str(incl.get("setting") or "").strip():
            flag(incl, "some_users")
        excl = by.get("server_audit_excl_users")
        approved = listed(th, "unaudited_users")
        if excl is not None and {u.strip().lower() for u in str(excl.get("setting") or "").split(",") if u.strip()} - approved:
            flag(excl, "excluded_users")
        if plugin.get("detail") != "COMPONENT" and str(plugin.get("detail") or "").upper() != "FORCE_PLUS_PERMANENT":
            flag(plugin, "unloadable")
    if is_on(by.get("general_log", {}).get("setting")):
        flag(by["general_log"], "general_log")
    log_error = by.get("log_error")
    if log_error is not None and str(log_error.get("setting") or "").strip().lower() in ("", "stderr"):
        flag(log_error, "no_error_log")
    params = {"count": len(bad), "total": len(rows), "plugin": plugin.get("name"), "load_option": plugin.get("detail")}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, message = bad[0]
    return Verdict(outcome=Outcome.WARNING, message=message, params={**worst, **params},
                   evidence=[b[0] for b in bad], objects={str(b[0]["name"]): Outcome.WARNING for b in bad})


SPEC = CheckSpec(
    code="SEC053",
    name="audit_log_disabled",
    title=T("No audit trail (audit plugin off, logins not audited), general log on, no error log",
            "无审计记录（审计插件未启用或未审计登录）、通用日志开启、未配置错误日志"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*"),
    },
    columns=("name", "setting", "detail"),
    object_key=("name",),
    thresholds=(
        Threshold(name="unaudited_users", unit="users", kind="list", value=(),
                  rationale="等保 2.0 8.1.4.3 a) asks the audit to cover every user; a site that keeps a service "
                            "account out of server_audit_excl_users' reach on purpose lists it here; none by default"),
    ),
    judge=_judge,
    messages={
        "ok": T("Logins and statements are audited by {plugin} ({load_option}); general log off; error log configured",
                "登录与语句由 {plugin} 审计（{load_option}）；通用日志已关闭；已配置错误日志"),
        "no_audit": T("No audit plugin is active ({name}: {setting}): logins and privilege changes leave no audit "
                      "record; {count} finding(s)",
                      "没有启用审计插件（{name}：{setting}）：登录与权限变更不留审计记录；共 {count} 项"),
        "not_logging": T("The audit plugin is loaded but {name} = {setting}: nothing is audited; {count} finding(s)",
                         "审计插件已加载，但 {name} = {setting}：未审计任何内容；共 {count} 项"),
        "no_connect": T("Logins are not audited ({name} = {setting}); {count} finding(s)",
                        "未审计登录（{name} = {setting}）；共 {count} 项"),
        "some_users": T("Only some users are audited ({name} = {setting}): every other account's logins and "
                        "statements leave no record; {count} finding(s)",
                        "仅审计部分用户（{name} = {setting}）：其他账号的登录与语句均不留记录；共 {count} 项"),
        "excluded_users": T("Users excluded from the audit ({name} = {setting}): their logins and statements leave "
                            "no record; {count} finding(s)",
                            "有用户被排除在审计之外（{name} = {setting}）：其登录与语句均不留记录；共 {count} 项"),
        "unloadable": T("The audit plugin can be unloaded at runtime (load option {detail}, not FORCE_PLUS_PERMANENT): "
                        "an administrator can stop the audit unseen; {count} finding(s)",
                        "审计插件可在运行时卸载（加载选项 {detail}，而非 FORCE_PLUS_PERMANENT）：管理员可悄然停止审计；共 {count} 项"),
        "general_log": T("general_log = {setting}: every statement is written to a file (a load, and not an audit "
                         "trail); {count} finding(s)",
                         "general_log = {setting}：所有语句写入文件（带来负载，且并非审计记录）；共 {count} 项"),
        "no_error_log": T("log_error = '{setting}': the server writes no error log file (the errors go to stderr, "
                          "which the service manager may keep: syslog / journald — check the host); {count} finding(s)",
                          "log_error = '{setting}'：服务器未写错误日志文件（错误输出到 stderr，可能由服务管理器保存到 syslog / "
                          "journald——请在主机上确认）；共 {count} 项"),
    },
    remediation=RemediationSpec(
        text=T("Load an audit plugin at startup so it cannot be unloaded (MariaDB server_audit with "
               "server_audit=FORCE_PLUS_PERMANENT, server_audit_logging=ON, server_audit_events including CONNECT; MySQL "
               "Enterprise audit_log or Percona Server's audit_log; MySQL Community has none), keep general_log off, "
               "audit every user (MariaDB: server_audit_incl_users and server_audit_excl_users empty; Percona: "
               "audit_log_policy ALL or LOGINS), and write the error log to a file. Ship the audit file off the host: "
               "等保 asks to protect the records.",
               "在启动时加载审计插件使其无法卸载（MariaDB：server_audit，并设 server_audit=FORCE_PLUS_PERMANENT、"
               "server_audit_logging=ON、server_audit_events 包含 CONNECT；MySQL：企业版 audit_log 或 Percona Server 的 audit_log；"
               "MySQL 社区版没有审计插件），保持 general_log 关闭，审计覆盖每个用户（MariaDB：server_audit_incl_users 与 "
               "server_audit_excl_users 为空；Percona：audit_log_policy 为 ALL 或 LOGINS），错误日志写入文件。将审计文件传送到主机之外："
               "等保要求保护审计记录。"),
        commands={
            "mariadb": ["# my.cnf [mariadb]: plugin_load_add = server_audit, server_audit = FORCE_PLUS_PERMANENT, "
                        "server_audit_logging = ON, server_audit_events = CONNECT,QUERY_DDL,QUERY_DCL (restart)",
                        "SET GLOBAL server_audit_incl_users = ''; SET GLOBAL server_audit_excl_users = '';  -- every user",
                        "SET GLOBAL general_log = OFF;"],
            "mysql": ["# my.cnf [mysqld]: plugin-load-add = audit_log.so, audit-log = FORCE_PLUS_PERMANENT (Enterprise / Percona)",
                      "SET GLOBAL audit_log_policy = ALL;  -- Percona audit_log: logins and queries",
                      "SET PERSIST general_log = OFF;"],
        },
        references=["https://mariadb.com/kb/en/mariadb-audit-plugin-installation/",
                    "https://dev.mysql.com/doc/refman/8.0/en/audit-log.html",
                    "https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/configuration-check-general-log.html"],
    ),
    compliance=(
        cis_mysql("6.8", "Ensure the Audit Plugin Can't be Unloaded", "确保审计插件无法被卸载"),
        cis_mysql("6.1", "Ensure 'log_error' is configured correctly", "确保 log_error 配置正确"),
        cis_mariadb("6.4", "Ensure Audit Logging Is Enabled", "确保已启用审计日志"),
        cis_mariadb("6.5", "Ensure the Audit Plugin Can't be Unloaded", "确保审计插件无法被卸载"),
        cis_mariadb("6.1", "Ensure 'log_error' is configured correctly", "确保 log_error 配置正确"),
        dengbao("8.1.4.3", "a) security audit enabled for every user; d) the audit process cannot be stopped unnoticed",
                "a）应启用安全审计功能，审计覆盖到每个用户；d）应对审计进程进行保护，防止未经授权的中断"),
    ),
    timeout_s=5,
)
