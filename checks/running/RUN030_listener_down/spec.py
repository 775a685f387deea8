from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_NETRF = ("Oracle Database Net Services Reference 19c, Listener Control Utility, STATUS command: each service "
          "lists its instances with status READY (registered by the instance and accepting connections), BLOCKED "
          "(registered, not accepting: e.g. mounted, or restricted) or UNKNOWN (a static SID_LIST_<listener> entry "
          "in listener.ora: the listener does not know whether the instance is up)")


@uses("registered_status")
def judge(rows, th, ctx) -> Verdict:
    head = next((r for r in rows if r.get("service") is None), {})
    services = [r for r in rows if r.get("service") is not None]
    ok_status = [str(v).upper() for v in (th["registered_status"].value or ())]
    wanted = head.get("wanted_service")
    mine = [r for r in services if r.get("expected")]
    params = {"listener": head.get("listener") or "?", "home": head.get("oracle_home") or "?",
              "error": head.get("error") or "no answer", "version": head.get("version") or "?",
              "uptime": head.get("uptime") or "?", "count": len({r["service"] for r in services}),
              "service": wanted or "", "ok_status": "/".join(ok_status),
              "found": ", ".join(f"{r['instance']} {r['status']}" for r in mine) or "none",
              "services": ", ".join(sorted({r["service"] for r in services}))[:300] or "none"}
    objects = {head.get("listener") or "?": Outcome.OK}
    if head.get("status") != "answered":
        objects[params["listener"]] = Outcome.CRITICAL
        return Verdict(outcome=Outcome.CRITICAL, message="down", params=params, evidence=[head], objects=objects)
    if not wanted:
        return Verdict(outcome=Outcome.OK, message="ok_no_service", params=params, evidence=rows[:50], objects=objects)
    if not any(str(r.get("status") or "").upper() in ok_status for r in mine):
        objects[params["listener"]] = Outcome.WARNING
        return Verdict(outcome=Outcome.WARNING, message="not_registered" if not mine else "not_ready", params=params,
                       evidence=[head, *mine] if mine else rows[:50], objects=objects)
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[head, *mine], objects=objects)


SPEC = CheckSpec(
    code="RUN030",
    name="listener_down",
    title=T("Oracle listener down or the instance's service not registered (lsnrctl status over SSH)",
            "Oracle 监听未运行或实例服务未注册（通过 SSH 执行 lsnrctl status）"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("listener", "service", "instance", "status", "expected", "version", "uptime", "error"),
    object_key=("listener",),
    thresholds=(
        Threshold(name="registered_status", unit="instance status", kind="list", value=("READY",),
                  rationale=_NETRF + ". Catalog ORA-RUN-03 (listener up, services registered; no anchor gives levels): "
                            "no answer from the listener = CRITICAL (no new connection can be made through it); "
                            "the inventory's service without an instance in one of these statuses = WARNING (the "
                            "database may be up, but clients of that service are refused: ORA-12514, or ORA-12528 "
                            "when BLOCKED)"),
    ),
    judge=judge,
    messages={
        "ok": T("listener {listener} answers (version {version}, up {uptime}); service {service}: {found}; "
                "{count} service(s) registered — state now",
                "监听 {listener} 正常应答（版本 {version}，已运行 {uptime}）；服务 {service}：{found}；共 {count} 个服务——当前状态"),
        "ok_no_service": T("listener {listener} answers (version {version}, up {uptime}), {count} service(s); the "
                           "inventory names no service for this instance, so registration is not rated — state now",
                           "监听 {listener} 正常应答（版本 {version}，已运行 {uptime}），共 {count} 个服务；巡检清单未给出该实例的"
                           "服务名，未评估注册情况——当前状态"),
        "down": T("listener {listener} ({home}) does not answer: {error} — state now",
                  "监听 {listener}（{home}）无应答：{error}——当前状态"),
        "not_registered": T("listener {listener} answers but service {service} is not registered with it (listed: "
                            "{services}) — state now",
                            "监听 {listener} 有应答，但服务 {service} 未在其上注册（已注册：{services}）——当前状态"),
        "not_ready": T("listener {listener}: service {service} has no instance {ok_status} ({found}) — state now",
                       "监听 {listener}：服务 {service} 没有状态为 {ok_status} 的实例（{found}）——当前状态"),
    },
    remediation=RemediationSpec(
        text=T("Listener down: start it as the Oracle software owner (lsnrctl start <listener>) and find why it "
               "stopped in its log (lsnrctl status prints the Listener Log File; ADR diag/tnslsnr/<host>/<listener>/trace). "
               "Service not registered: the instance registers itself with the listener named by LOCAL_LISTENER "
               "(default: port 1521 on the host) through LREG about every minute; check LOCAL_LISTENER, that the "
               "PDB is open (ALTER PLUGGABLE DATABASE … OPEN) and that the service is started "
               "(DBMS_SERVICE.START_SERVICE), then ALTER SYSTEM REGISTER. BLOCKED: the instance is not open or is in "
               "restricted mode; UNKNOWN only: a static listener.ora entry, not a running instance registering.",
               "监听未运行：以 Oracle 软件属主启动（lsnrctl start <listener>），并在其日志中查找停止原因（lsnrctl status 显示 "
               "Listener Log File；ADR diag/tnslsnr/<host>/<listener>/trace）。服务未注册：实例由 LREG 进程约每分钟向 "
               "LOCAL_LISTENER 指定的监听（默认本机 1521 端口）注册；检查 LOCAL_LISTENER、PDB 是否已打开（ALTER PLUGGABLE "
               "DATABASE … OPEN）、服务是否已启动（DBMS_SERVICE.START_SERVICE），然后执行 ALTER SYSTEM REGISTER。BLOCKED："
               "实例未打开或处于受限模式；仅有 UNKNOWN：来自 listener.ora 的静态配置，而非运行中的实例注册。"),
        commands={"oracle": ["lsnrctl status LISTENER", "lsnrctl start LISTENER",
                             "SELECT name, value FROM v$parameter WHERE name = 'local_listener';",
                             "ALTER SYSTEM REGISTER;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/netrf/listener-control-utility.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/netag/configuring-and-administering-oracle-net-listener.html"],
    ),
    timeout_s=15,
)
