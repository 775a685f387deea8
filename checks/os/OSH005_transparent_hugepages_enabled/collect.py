"""OSH005: cat /sys/kernel/mm/transparent_hugepage/enabled (and defrag) on the instance's host, over SSH."""

from checks.host import run, ssh_ok, thp_mode

BASE = "/sys/kernel/mm/transparent_hugepage"


def _rows(ctx):
    ssh_ok(ctx)
    out = []
    for setting in ("enabled", "defrag"):
        r = run(ctx, ["cat", f"{BASE}/{setting}"])
        out.append({"setting": f"transparent_hugepage/{setting}", "value": thp_mode(r.text) if r.ok else None,
                    "choices": r.text.strip() if r.ok else None,
                    "note": None if r.ok else f"not readable ({r.error}): a kernel built without THP"})
    return out


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
