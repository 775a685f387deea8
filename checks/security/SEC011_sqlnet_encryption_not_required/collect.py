"""SEC011: the server's sqlnet.ora, read over SSH (``cat <TNS_ADMIN, else ORACLE_BASE_HOME/network/admin then ORACLE_HOME/network/admin>/sqlnet.ora``;
the directory from the inventory's ``oracle:`` block, checks/host/oracle.py). One row per parameter the check
rates, with the value written in the file or NULL when it is not set (the default then applies). An IFILE
(a file included by this one) is listed, not followed: the finding says so."""

from checks.collect import CollectSkip
from checks.host import run, ssh_ok
from checks.host.oracle import oracle_host, parse_sqlnet
from dbpatrol.ssh import safe_path

RATED = ("IFILE", "SQLNET.ENCRYPTION_SERVER", "SQLNET.CRYPTO_CHECKSUM_SERVER", "SQLNET.ENCRYPTION_TYPES_SERVER",
         "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER", "SQLNET.ALLOW_WEAK_CRYPTO", "SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS")


def sqlnet_dirs(ctx, o) -> tuple[list[str], str]:
    """The directories sqlnet.ora is looked for in, in the server's order, and how they were learned.
    TNS_ADMIN when the inventory gives it; else ORACLE_BASE_HOME/network/admin then ORACLE_HOME/network/admin
    (Installation Guide 19c/21c/23ai, 'Location of Networking Files in a Read-Only Oracle Home'; 21c's only
    configuration is a read-only home, where the files are in ORACLE_BASE/homes/HOME_NAME), ORACLE_BASE_HOME
    printed by ``$ORACLE_HOME/bin/orabasehome`` (18c+; in a read/write home it prints ORACLE_HOME itself)."""
    if o.tns_admin:
        return [o.tns_admin], "the inventory's oracle.tns_admin"
    home_dir = f"{o.home}/network/admin"
    r = run(ctx, ["env", f"ORACLE_HOME={o.home}", f"{o.home}/bin/orabasehome"])
    base = r.text.strip().splitlines()[0].strip() if r.ok and r.text.strip() else ""
    try:
        base = safe_path(base) if base.startswith("/") else ""
    except ValueError:
        base = ""
    if not base:  # before 18c (no orabasehome) or not runnable: the home's own directory
        return [home_dir], f"{o.home}/bin/orabasehome not runnable ({r.error}): ORACLE_HOME/network/admin"
    dirs = [f"{base.rstrip('/')}/network/admin"]
    if dirs[0] != home_dir:
        dirs.append(home_dir)
    return dirs, f"ORACLE_BASE_HOME {base} (orabasehome)"


def oracle(ctx):
    ssh_ok(ctx)
    o = oracle_host(ctx)
    dirs, how = sqlnet_dirs(ctx, o)
    for d in dirs:
        path = f"{d}/sqlnet.ora"
        r = run(ctx, ["cat", path])
        if r.ok:
            break
        if "No such file" not in r.error:
            if "Permission denied" in r.error:
                raise CollectSkip("privilege", f"{path} is not readable by the ssh user: {r.error}",
                                  f"ssh 用户无法读取 {path}：{r.error}")
            raise RuntimeError(f"cat {path}: {r.error}")
    else:
        path = f"{dirs[0]}/sqlnet.ora"
    present = r.ok
    params = parse_sqlnet(r.text) if present else {}
    return [{"parameter": p, "value": params.get(p), "file": path, "file_present": present, "located_by": how}
            for p in RATED]
