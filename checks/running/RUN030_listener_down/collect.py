"""RUN030: ``lsnrctl status <listener>`` on the instance's host, over SSH, run from the inventory's ORACLE_HOME
(``env ORACLE_HOME=H [TNS_ADMIN=T] H/bin/lsnrctl status LISTENER``; checks/host/oracle.py). One row for the
listener itself (``service`` NULL: answered or not, its TNS- errors, version, uptime), then one row per
service and instance it lists, ``expected`` marking the inventory's service."""

from checks.host import run, ssh_ok
from checks.host.oracle import expected_service, oracle_host, parse_lsnrctl, service_matches


def oracle(ctx):
    ssh_ok(ctx)
    o = oracle_host(ctx)
    env = ["env", f"ORACLE_HOME={o.home}"] + ([f"TNS_ADMIN={o.tns_admin}"] if o.tns_admin else [])
    r = run(ctx, [*env, f"{o.home}/bin/lsnrctl", "status", o.listener])
    st = parse_lsnrctl(r.text)
    wanted = expected_service(ctx)
    error = "; ".join(st["errors"][:3]) or (None if r.ok else r.error)
    if r.exit_status == 127 or (not st["answered"] and not st["errors"] and not r.text.strip()):
        error = f"{o.home}/bin/lsnrctl could not be run: {r.error}"
    head = {"listener": o.listener, "service": None, "instance": None, "status": "answered" if st["answered"] else "down",
            "expected": None, "version": st.get("version"), "uptime": st.get("uptime"), "error": error,
            "wanted_service": wanted, "oracle_home": o.home}
    rows = [head]
    for service, instances in st["services"].items():
        for inst, status in instances or [(None, None)]:
            rows.append({"listener": o.listener, "service": service, "instance": inst, "status": status,
                         "expected": bool(wanted and service_matches(service, wanted)), "version": None, "uptime": None,
                         "error": None, "wanted_service": wanted, "oracle_home": o.home})
    return rows
