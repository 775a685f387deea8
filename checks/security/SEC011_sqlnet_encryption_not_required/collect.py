"""SEC011: the server's sqlnet.ora, read over SSH (``cat <TNS_ADMIN or ORACLE_HOME/network/admin>/sqlnet.ora``;
the directory from the inventory's ``oracle:`` block, checks/host/oracle.py). One row per parameter the check
rates, with the value written in the file or NULL when it is not set (the default then applies). An IFILE
(a file included by this one) is listed, not followed: the finding says so."""

from checks.collect import CollectSkip
from checks.host import run, ssh_ok
from checks.host.oracle import oracle_host, parse_sqlnet

RATED = ("IFILE", "SQLNET.ENCRYPTION_SERVER", "SQLNET.CRYPTO_CHECKSUM_SERVER", "SQLNET.ENCRYPTION_TYPES_SERVER",
         "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER", "SQLNET.ALLOW_WEAK_CRYPTO", "SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS")


def oracle(ctx):
    ssh_ok(ctx)
    o = oracle_host(ctx)
    path = f"{o.network_admin}/sqlnet.ora"
    r = run(ctx, ["cat", path])
    if not r.ok and "No such file" not in r.error:
        if "Permission denied" in r.error:
            raise CollectSkip("privilege", f"{path} is not readable by the ssh user: {r.error}",
                              f"ssh 用户无法读取 {path}：{r.error}")
        raise RuntimeError(f"cat {path}: {r.error}")
    present = r.ok
    params = parse_sqlnet(r.text) if present else {}
    return [{"parameter": p, "value": params.get(p), "file": path, "file_present": present} for p in RATED]
