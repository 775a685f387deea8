"""RUN030: ``lsnrctl status <listener>`` on the instance's host, over SSH, run from the inventory's ORACLE_HOME
(``env -u TNS_ADMIN ORACLE_HOME=H NLS_LANG=AMERICAN_AMERICA.AL32UTF8 [TNS_ADMIN=T] H/bin/lsnrctl status LISTENER``; checks/host/oracle.py). One row for the
listener itself (``service`` NULL: answered or not, its TNS- errors, version, uptime), then one row per
service and instance it lists, ``expected`` marking the inventory's service. TNS-01190 (the listener lets
only its owner run the command) or lsnrctl not executable by the ssh user: SKIPPED missing privilege.
On Grid Infrastructure (RAC, Oracle Restart) the listeners run from the Grid home: the inventory's
``oracle.listener_home``.

The command's environment is set, not inherited from the ssh user's login: ``NLS_LANG=AMERICAN_AMERICA.AL32UTF8``
(lsnrctl prints its messages in NLS_LANG's language — an oracle user's profile exporting a Chinese NLS_LANG
turned every answer into "down") and ``TNS_ADMIN`` removed unless the inventory gives it (a profile's TNS_ADMIN
pointed a Grid-home lsnrctl at the database home's listener.ora).

Only an error that says no listener is there (DOWN_CODES) is "down"; lsnrctl missing from the home, a listener
name listener.ora does not define (TNS-01101) or any other answer without a status block is the check's
ERROR (the inventory's oracle: block is wrong, or lsnrctl failed): it did not see the listener, so it
says nothing about it."""

from checks.collect import CollectSkip
from checks.host import run, ssh_ok
from checks.host.oracle import expected_service, oracle_host, parse_lsnrctl, service_matches

# Net Services Reference / error messages: nothing listens at the listener's address (TNS-12541 no listener,
# TNS-00511 No listener, TNS-12535 timed out, TNS-12537 connection closed, TNS-12547 lost contact)
DOWN_CODES = ("TNS-12541", "TNS-00511", "TNS-12535", "TNS-12537", "TNS-12547")


def oracle(ctx):
    ssh_ok(ctx)
    o = oracle_host(ctx)
    home = o.listener_home or o.home  # a Grid Infrastructure listener runs from the Grid home, with its own network/admin
    tns = o.tns_admin if o.listener_home is None else None
    env = ["env", "-u", "TNS_ADMIN", f"ORACLE_HOME={home}", "NLS_LANG=AMERICAN_AMERICA.AL32UTF8"] + (
        [f"TNS_ADMIN={tns}"] if tns else [])
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
        raise RuntimeError(f"{home}/bin/lsnrctl could not be run: {r.error} (is the inventory's oracle.home / "
                           "listener_home this host's home?)")
    if not st["answered"] and not any(e.startswith(DOWN_CODES) for e in st["errors"]):
        raise RuntimeError(f"lsnrctl status {o.listener} ({home}) gave no status: {error or r.error} (TNS-01101: "
                           "no such listener in that home's listener.ora; check the inventory's oracle: block)")
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
