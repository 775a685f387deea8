"""OSH004: cat /proc/loadavg and getconf _NPROCESSORS_ONLN on the instance's host, over SSH.

The CPUs online system-wide (getconf), not nproc: nproc counts the CPUs the ssh session may run on
(its affinity / cpuset), while the load average counts the whole host's runnable tasks."""

from checks.host import run, ssh_ok


def _rows(ctx):
    ssh_ok(ctx)
    load = run(ctx, ["cat", "/proc/loadavg"])
    cpus = run(ctx, ["getconf", "_NPROCESSORS_ONLN"])
    if not load.ok or not cpus.ok or not cpus.text.strip().isdigit():
        raise RuntimeError(f"loadavg / CPU count unreadable: {load.error if not load.ok else cpus.error}")
    l1, l5, l15 = (float(x) for x in load.text.split()[:3])
    n = int(cpus.text.strip())
    return [{"load1": l1, "load5": l5, "load15": l15, "cpus": n, "load15_per_cpu": round(l15 / n, 2),
             "load1_per_cpu": round(l1 / n, 2)}]


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
