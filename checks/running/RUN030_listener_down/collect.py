"""RUN030: ``lsnrctl status <listener>`` on the instance's host, over SSH, run from the inventory's ORACLE_HOME
(``env ORACLE_HOME=H [TNS_ADMIN=T] H/bin/lsnrctl status LISTENER``; checks/host/oracle.py). One row for the
listener itself (``service`` NULL: answered or not, its TNS- errors, version, uptime), then one row per
service and instance it lists, ``expected`` marking the inventory's service. TNS-01190 (the listener lets
only its owner run the command) or lsnrctl not executable by the ssh user: SKIPPED missing privilege.
On Grid Infrastructure (RAC, Oracle Restart) the listeners run from the Grid home: the inventory's
``oracle.listener_home``."""

from checks.collect import CollectSkip
from checks.host import run, ssh_ok
from checks.host.oracle import expected_service, oracle_host, parse_lsnrctl, service_matches


def oracle(ctx):
    ssh_ok(ctx)
    o = oracle_host(ctx)
    home = o.listener_home or o.home  # a Grid Infrastructure listener runs from the Grid home, with its own network/admin
    tns = o.tns_admin if o.listener_home is None else None
    env = ["env", f"ORACLE_HOME={home}"] + ([f"TNS_ADMIN={tns}"] if tns else [])
    r = run(ctx, [*env, f"{home}/bin/lsnrctl", "status", o.listener])
    st = parse_lsnrctl(r.text)
    denied = [e for e in st["errors"] if e.startswith("TNS-01190")]  # the user is not authorized (listener owner only)
    if denied or r.exit_status == 126 or "Permission denied" in r.error:
        raise CollectSkip("privilege", f"{home}/bin/lsnrctl status {o.listener} refused to the ssh user: "
                          f"{denied[0] if denied else r.error} (run it as the listener's owner or a member of its group)",
                          f"ssh 用户无权执行 {home}/bin/lsnrctl status {o.listener}：{denied[0] if denied else r.error}")
    wanted = expected_service(ctx)
    error = "; ".join(st["errors"][:3]) or (None if r.ok else r.error)
    if r.exit_status == 127 or (not st["answered"] and not st["errors"] and not r.text.strip()):
        error = f"{home}/bin/lsnrctl could not be run: {r.error}"
    head = {"listener": o.listener, "service": None, "instance": None, "status": "answered" if st["answered"] else "down",
            "expected": None, "version": st.get("version"), "uptime": st.get("uptime"), "error": error,
            "wanted_service": wanted, "oracle_home": home}
    rows = [head]
    for service, instances in st["services"].items():
        for inst, status in instances or [(None, None)]:
            rows.append({"listener": o.listener, "service": service, "instance": inst, "status": status,
                         "expected": bool(wanted and service_matches(service, wanted)), "version": None, "uptime": None,
                         "error": None, "wanted_service": wanted, "oracle_home": home})
    return rows
