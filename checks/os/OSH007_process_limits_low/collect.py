"""OSH007: cat /proc/PID/limits of the database server on its host, over SSH; the PID from
postmaster.pid (else the parent of this session's backend) / @@pid_file (checks/host server_pid)."""

from checks.host import db_facts, parse_limits, run, server_pid, ssh_ok

LIMITS = {"open_files": "Max open files", "processes": "Max processes"}


def _need(ctx) -> dict[str, tuple[int, str]]:
    f = db_facts(ctx)
    if ctx.session.flavor == "postgresql":
        procs = (f["max_connections"] + f["autovacuum_max_workers"] + f["max_worker_processes"] + f["max_wal_senders"]
                 + 7)
        return {"open_files": (int(f["max_files_per_process"]), "max_files_per_process (per server process)"),
                "processes": (procs, "max_connections + autovacuum_max_workers + max_worker_processes + "
                                     f"max_wal_senders + 7 = {procs}")}
    conns, cache = int(f["max_connections"]), int(f["table_open_cache"])
    files = max(10 + conns + 2 * cache, 5 * conns)
    return {"open_files": (files, f"max(10 + max_connections + 2 × table_open_cache, 5 × max_connections) = {files}"),
            "processes": (conns + 25, f"max_connections + 25 background threads = {conns + 25}")}


def _rows(ctx):
    ssh_ok(ctx)
    pid, how = server_pid(ctx)
    r = run(ctx, ["cat", f"/proc/{pid}/limits"])
    if not r.ok:
        raise RuntimeError(f"cat /proc/{pid}/limits: {r.error}")
    limits = parse_limits(r.text)
    need = _need(ctx)
    out = []
    for key, label in LIMITS.items():
        soft, hard = limits.get(label, (None, None))
        needed, why = need[key]
        out.append({"limit": key, "soft": soft, "hard": hard, "needed": needed, "needed_from": why, "pid": pid,
                    "pid_from": how, "pct_of_need": None if soft is None else round(100.0 * soft / needed, 1)})
    return out


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)
