import re

from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_ZERO = re.compile(r"^\s*'?\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*'?\s*$", re.I)


def _disabled(value) -> bool:
    return value is None or bool(_ZERO.match(str(value)))


@uses("timeouts")
def judge(rows, th, ctx) -> Verdict:
    """A timeout (of those th["timeouts"] lists) is unset when the server's value is 0 and no role or
    database sets it above 0 (pg-healthcheck and postgres-checkup G003 accept it set per role or database);
    an override that sets it back to 0 where the server sets it is flagged for that role or database."""
    wanted = {str(v).lower() for v in th["timeouts"].value or ()}
    by_name: dict[str, list[dict]] = {}
    for r in rows:
        if str(r["name"]).lower() in wanted:
            by_name.setdefault(str(r["name"]).lower(), []).append(r)
    bad: list[tuple[dict, str]] = []
    for name, group in sorted(by_name.items()):
        server = next((r for r in group if r["scope"] == "server"), None)
        overrides = [r for r in group if r["scope"] != "server"]
        if server is not None and _disabled(server["setting"]):
            if not any(not _disabled(o["setting"]) for o in overrides):
                bad.append((server, "unset"))
        elif server is not None:
            bad.extend((o, "disabled") for o in overrides if _disabled(o["setting"]))
    params = {"count": len(bad), "total": len(rows),
              "names": ", ".join(f"{r['name']} ({r['scope']})" for r, _ in bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message=bad[0][1], params={**params, **bad[0][0]},
                   evidence=[r for r, _ in bad], total=len(bad),
                   objects={f"{r['name']}.{r['scope']}": Outcome.WARNING for r, _ in bad})


SPEC = CheckSpec(
    code="CFG007",
    name="timeouts_unset",
    title=T("No statement, idle-in-transaction or lock timeout (statement_timeout, … = 0)",
            "未设置语句、事务空闲或锁等待超时（statement_timeout 等为 0）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(
        min_version="10",
        privilege="SELECT ON pg_catalog.pg_file_settings, EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings()")},
    columns=("name", "setting", "scope", "source"),
    object_key=("name", "scope"),
    thresholds=(
        Threshold(name="timeouts", unit="settings", kind="list",
                  value=("statement_timeout", "idle_in_transaction_session_timeout", "lock_timeout"),
                  rationale="pg-healthcheck G04-005 / G04-006 / G04-010 (each = 0 warns; set them per role or "
                            "database for application users), postgres-checkup G003 (timeouts and locks, with the "
                            "per-role and per-database settings); drop one from the list to accept it unset"),
    ),
    judge=judge,
    messages={
        "ok": T("Sessions are bounded: every timeout checked is set for the server or for the roles and databases "
                "that use it ({total} places read)",
                "会话受超时约束：所检查的每个超时都在服务器或使用它的角色、数据库上设置（读取 {total} 处）"),
        "unset": T("{name} = {setting} for the server ({source}) and no role or database sets it: a runaway statement, "
                   "a session idle in its transaction or a lock wait can last forever, holding locks and the xmin "
                   "horizon; {count} gap(s): {names}",
                   "服务器的 {name} = {setting}（{source}），且没有角色或数据库设置它：失控的语句、事务中空闲的会话或锁等待"
                   "可以无限持续，长期持有锁并阻碍 xmin 推进；共 {count} 处缺口：{names}"),
        "disabled": T("{name} = {setting} for the {scope}: the server's timeout is switched off there; "
                      "{count} gap(s): {names}",
                      "{scope} 的 {name} = {setting}：在此关闭了服务器的超时；共 {count} 处缺口：{names}"),
    },
    remediation=RemediationSpec(
        text=T("Set the timeouts for the application roles (or the databases they use), or server-wide with ALTER "
               "SYSTEM and a reload; leave them off only for maintenance roles that need long statements. New "
               "sessions pick the values up; no restart.",
               "为应用角色（或其使用的数据库）设置超时，或用 ALTER SYSTEM 在全局设置后重新加载；只有需要长语句的维护角色可以不设。"
               "新会话即会使用新值，无需重启。"),
        commands={"postgresql": [
            "ALTER ROLE <app role> SET statement_timeout = '60s';",
            "ALTER ROLE <app role> SET idle_in_transaction_session_timeout = '5min';",
            "ALTER ROLE <app role> SET lock_timeout = '10s';",
            "ALTER SYSTEM SET idle_in_transaction_session_timeout = '10min'; SELECT pg_reload_conf();  -- server-wide",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT",
                    "https://www.postgresql.org/docs/current/sql-alterrole.html"],
    ),
    timeout_s=5,
)
