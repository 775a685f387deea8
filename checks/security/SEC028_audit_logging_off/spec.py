from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _in(value, allowed) -> bool:
    return str(value or "").strip().lower() in {str(a).lower() for a in allowed or ()}


TRUE_SPELLINGS = {"on", "true", "yes", "1"}
CONNECTION_STAGES = {"receipt", "authentication", "authorization"}  # what "on" logs (PostgreSQL 18)


def _stages(value) -> set[str]:
    """log_connections as the set of what it logs. PostgreSQL 18 echoes the value as written: a list in
    any order, spacing and case ('authorization, receipt,authentication'), 'all', or a boolean spelling
    kept for compatibility (on/true/yes/1 = receipt, authentication, authorization)."""
    parts = {p.strip().lower() for p in str(value or "").split(",") if p.strip()}
    out = set(parts)
    if parts & TRUE_SPELLINGS:
        out |= {"on", *CONNECTION_STAGES}
    if "all" in parts:
        out |= {"on", *CONNECTION_STAGES, "setup_durations"}
    return out


def _connections_ok(value, allowed) -> bool:
    """Some allowed entry (itself a comma list of stages, or on / all) is covered by what is logged."""
    logged = _stages(value)
    return any(_stages(a) <= logged for a in allowed or () if str(a).strip())


def _missing_escapes(prefix, required) -> list[str]:
    """The required log_line_prefix escapes (each 'a|b' = any of them) the prefix lacks."""
    text = str(prefix or "")
    return [group for group in (str(g) for g in required or ())
            if not any(alt.strip() and alt.strip() in text for alt in group.split("|"))]


@uses("log_connections_values", "log_disconnections_values", "log_statement_values", "log_line_prefix_escapes")
def judge(rows, th, ctx) -> Verdict:
    """log_connections and log_disconnections each as their lists allow; and a statement audit trail:
    pgaudit loaded with pgaudit.log not none, or else log_statement as log_statement_values allows."""
    s = {str(r["name"]): r.get("setting") for r in rows}
    preload = [p.strip().strip('"').lower() for p in str(s.get("shared_preload_libraries") or "").split(",")]
    pgaudit = "pgaudit" in preload and str(s.get("pgaudit.log") or "none").strip().lower() not in ("", "none")
    bad: list[tuple[dict, str]] = []
    if "log_connections" in s and not _connections_ok(s["log_connections"], th["log_connections_values"].value):
        bad.append(({"name": "log_connections", "setting": s["log_connections"],
                     "expected": " | ".join(th["log_connections_values"].value or ())}, "log_connections"))
    if "log_disconnections" in s and not _in(s["log_disconnections"], th["log_disconnections_values"].value):
        bad.append(({"name": "log_disconnections", "setting": s["log_disconnections"],
                     "expected": " | ".join(th["log_disconnections_values"].value or ())}, "log_disconnections"))
    if not pgaudit and not _in(s.get("log_statement"), th["log_statement_values"].value):
        bad.append(({"name": "statement audit", "setting": f"log_statement={s.get('log_statement')}, "
                     f"pgaudit {'loaded, pgaudit.log=none' if 'pgaudit' in preload else 'not loaded'}",
                     "expected": "pgaudit.log set, or log_statement " + " | ".join(th["log_statement_values"].value or ())},
                    "statements"))
    destinations = {d.strip().lower() for d in str(s.get("log_destination") or "").split(",")}
    if "log_line_prefix" in s and not destinations & {"csvlog", "jsonlog"}:
        missing = _missing_escapes(s["log_line_prefix"], th["log_line_prefix_escapes"].value)
        if missing:
            bad.append(({"name": "log_line_prefix", "setting": repr(str(s["log_line_prefix"])),
                         "expected": " ".join(th["log_line_prefix_escapes"].value or ()),
                         "missing": ", ".join(missing)}, "log_line_prefix"))
    if pgaudit and "pgaudit extension" in s and not str(s.get("pgaudit extension") or "").strip():
        bad.append(({"name": "pgaudit extension", "setting": "not created",
                     "expected": "CREATE EXTENSION pgaudit"}, "pgaudit_extension"))
    params = {"count": len(bad), "database": ctx.facts.get("database") or "-", "audit": "pgaudit (pgaudit.log = " + str(s.get("pgaudit.log")) + ")" if pgaudit
              else "log_statement = " + str(s.get("log_statement")),
              "log_connections": s.get("log_connections"), "log_disconnections": s.get("log_disconnections"),
              "names": ", ".join(b[0]["name"] for b in bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message=bad[0][1], params={**params, **bad[0][0]},
                   evidence=[b[0] for b in bad], total=len(bad),
                   objects={b[0]["name"]: Outcome.WARNING for b in bad})


SPEC = CheckSpec(
    code="SEC028",
    name="audit_logging_off",
    title=T("Connections or statements not audited (log_connections, log_disconnections, pgaudit)",
            "连接或语句未被审计（log_connections、log_disconnections、pgaudit）"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="pg_read_all_settings")},
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="log_connections_values", unit="value", kind="list",
                  value=("on", "all", "receipt,authentication,authorization"),
                  rationale="CIS PostgreSQL 16 3.1.20: log_connections enabled; pg-healthcheck G11-005 warns when "
                            "connections are not logged (catalog PG-SEC-08); PostgreSQL 18 lists: all, or receipt + "
                            "authentication + authorization"),
        Threshold(name="log_disconnections_values", unit="value", kind="list", value=("on",),
                  rationale="CIS PostgreSQL 16 3.1.21: log_disconnections enabled (session end and duration)"),
        Threshold(name="log_statement_values", unit="value", kind="list", value=("ddl", "mod", "all"),
                  rationale="without pgaudit (CIS PostgreSQL 16 3.2; pg-healthcheck G11-006) at least DDL is logged: "
                            "CIS PostgreSQL 16 3.1.25 log_statement set correctly; 等保 2.0 8.1.4.3 a) audits important "
                            "user actions"),
        Threshold(name="log_line_prefix_escapes", unit="escape", kind="list", value=("%m|%t|%n", "%u", "%d", "%h|%r", "%p"),
                  rationale="等保 2.0 8.1.4.3 b): each audit record carries date and time, user, event type and outcome "
                            "— in a stderr log line the time (%m / %t / %n), user (%u), database (%d), client (%h / %r) "
                            "and process (%p) come only from log_line_prefix (the message says the event and its "
                            "outcome); CIS PostgreSQL 16 section 3.1 (log_line_prefix; item number not verified here); each entry 'a|b' is satisfied by "
                            "either; csvlog / jsonlog record every field"),
    ),
    judge=judge,
    messages={
        "ok": T("Connections and disconnections are logged (log_connections = {log_connections}) and statements are "
                "audited by {audit}",
                "已记录连接与断开（log_connections = {log_connections}），语句由 {audit} 审计"),
        "log_connections": T("log_connections = {setting} (expected {expected}): logins are not written to the server "
                             "log; {count} audit gap(s): {names}",
                             "log_connections = {setting}（应为 {expected}）：登录未写入服务器日志；共 {count} 处审计缺口：{names}"),
        "log_disconnections": T("log_disconnections = {setting} (expected {expected}): session ends and durations are "
                                "not logged; {count} audit gap(s): {names}",
                                "log_disconnections = {setting}（应为 {expected}）：会话结束及时长未记录；"
                                "共 {count} 处审计缺口：{names}"),
        "statements": T("No statement audit trail: {setting} (expected {expected}); {count} audit gap(s): {names}",
                        "没有语句审计记录：{setting}（应为 {expected}）；共 {count} 处审计缺口：{names}"),
        "log_line_prefix": T("log_line_prefix = {setting} lacks {missing}: a server-log line does not say when, who, in "
                             "which database or from where, as an audit record must; {count} audit gap(s): {names}",
                             "log_line_prefix = {setting} 缺少 {missing}：服务器日志行不能说明时间、用户、数据库或来源，"
                             "不满足审计记录的要求；共 {count} 处审计缺口：{names}"),
        "pgaudit_extension": T("pgaudit is loaded but CREATE EXTENSION pgaudit was not run in database {database}: its "
                               "event triggers, which log the objects DDL creates and drops, are missing there; "
                               "{count} audit gap(s): {names}",
                               "已加载 pgaudit，但数据库 {database} 中未执行 CREATE EXTENSION pgaudit：其中缺少记录 DDL "
                               "所建、所删对象的事件触发器；共 {count} 处审计缺口：{names}"),
    },
    remediation=RemediationSpec(
        text=T("Turn on log_connections and log_disconnections (a reload; new sessions). For statements load pgaudit "
               "(shared_preload_libraries, a restart), CREATE EXTENSION pgaudit in each database and set pgaudit.log "
               "(e.g. 'ddl, role'); without it set log_statement = 'ddl' at least. Ship the server log off the host "
               "so the audit trail is kept and protected.",
               "开启 log_connections 与 log_disconnections（重新加载即可，对新会话生效）。语句审计：通过 "
               "shared_preload_libraries 加载 pgaudit（需重启），在每个数据库 CREATE EXTENSION pgaudit，并设置 "
               "pgaudit.log（如 'ddl, role'）；没有 pgaudit 时至少设置 log_statement = 'ddl'。将服务器日志转存到"
               "其他主机，以保留并保护审计记录。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET log_connections = on;",
            "ALTER SYSTEM SET log_disconnections = on;",
            "ALTER SYSTEM SET log_statement = 'ddl';  -- without pgaudit",
            "ALTER SYSTEM SET log_line_prefix = '%m [%p] %q%u@%d from %h ';  -- or log_destination csvlog / jsonlog",
            "SELECT pg_reload_conf();",
            "ALTER SYSTEM SET shared_preload_libraries = 'pgaudit';  -- keep the libraries already listed; restart",
            "ALTER SYSTEM SET pgaudit.log = 'ddl, role';  -- then CREATE EXTENSION pgaudit; in each database",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-CONNECTIONS",
                    "https://github.com/pgaudit/pgaudit/blob/main/README.md"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="3.1.20", title=T("Ensure 'log_connections' is enabled",
                                                                        "确保启用 log_connections")),
        Compliance(framework="CIS PostgreSQL 16", item="3.1.21", title=T("Ensure 'log_disconnections' is enabled",
                                                                        "确保启用 log_disconnections")),
        Compliance(framework="CIS PostgreSQL 16", item="3.1.25", title=T("Ensure 'log_statement' is set correctly",
                                                                        "确保正确设置 log_statement")),
        Compliance(framework="CIS PostgreSQL 16", item="3.2",
                   title=T("Ensure the PostgreSQL Audit Extension (pgAudit) is enabled", "确保启用 PostgreSQL 审计扩展（pgAudit）")),
        Compliance(framework="等保2.0", item="8.1.4.3",
                   note=T("a) audit is enabled, covers every user and records important user actions and security "
                          "events; b) each record carries date and time, user, event type and outcome",
                          "a）应启用安全审计功能，审计覆盖到每个用户，对重要的用户行为和重要安全事件进行审计；"
                          "b）审计记录应包括事件的日期和时间、用户、事件类型、事件是否成功")),
    ),
    timeout_s=5,
)
