"""OSH003: cat /proc/meminfo on the instance's host, over SSH."""

from checks.host import parse_meminfo, run, ssh_ok


def _rows(ctx):
    ssh_ok(ctx)
    r = run(ctx, ["cat", "/proc/meminfo"])
    if not r.ok:
        raise RuntimeError(f"cat /proc/meminfo: {r.error}")
    m = parse_meminfo(r.text)
    total, avail = m.get("MemTotal"), m.get("MemAvailable")
    swap_total, swap_free = m.get("SwapTotal", 0), m.get("SwapFree", 0)
    if not total or avail is None:
        raise RuntimeError("/proc/meminfo has no MemTotal / MemAvailable (kernel older than 3.14?)")
    swap_used = max(0, swap_total - swap_free)
    return [{"mem_total_mb": round(total / 1024), "mem_available_mb": round(avail / 1024),
             "available_pct": round(100.0 * avail / total, 1), "swap_total_mb": round(swap_total / 1024),
             "swap_used_mb": round(swap_used / 1024),
             "swap_used_pct": round(100.0 * swap_used / swap_total, 1) if swap_total else None}]


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
