"""OSH007: cat /proc/PID/limits of the database server on its host, over SSH; the PID from
postmaster.pid (else the parent of this session's backend) / @@pid_file / Oracle's PMON in V$PROCESS
(checks/host server_pid).

Oracle: every background and server process is an OS process of the software owner, so the limits PMON
runs with are the instance's; they are rated against the Oracle Database Installation Guide 19c for Linux
('Checking Resource Limits for Oracle Software Installation Users': open files soft 1024 / hard 65536,
processes soft 2047 / hard 16384) and the PROCESSES parameter, both the soft and the hard limit."""

from checks.host import db_facts, parse_limits, run, server_pid, ssh_ok
from checks.host.oracle import ORA_PROCESS_SQL

# Oracle Database Installation Guide 19c for Linux, shell limits of the oracle user: (soft, hard)
ORA_GUIDE = {"open_files": (1024, 65536), "processes": (2047, 16384)}

LIMITS = {"open_files": "Max open files", "processes": "Max processes"}


def _need(ctx) -> dict[str, tuple[int, str]]:
    if ctx.session.flavor == "oracle":
        return _oracle_need(ctx)
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


def _oracle_need(ctx) -> dict[str, tuple[int, str, int]]:
    row = ctx.memo(("ora-process",), lambda: dict(ctx.run(ORA_PROCESS_SQL)[0]))
    procs = int(row.get("processes") or 0)
    soft, hard = ORA_GUIDE["processes"]
    need = max(soft, procs)
    return {"open_files": (ORA_GUIDE["open_files"][0], "install guide 19c: soft 1024, hard 65536",
                           ORA_GUIDE["open_files"][1]),
            "processes": (need, f"install guide 19c: soft 2047, hard 16384; PROCESSES = {procs}", max(hard, procs),
                          procs)}


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
        needed, why, *hard_need = need[key]
        own = hard_need[1] if len(hard_need) > 1 else None  # Oracle: what the instance itself starts (PROCESSES)
        pct = None if soft is None else round(100.0 * soft / needed, 1)
        if hard_need and hard is not None:  # Oracle: the hard limit has its own minimum; the lower share counts
            pct = min(pct if pct is not None else float("inf"), round(100.0 * hard / hard_need[0], 1))
        out.append({"limit": key, "soft": soft, "hard": hard, "needed": needed, "needed_from": why, "pid": pid,
                    "pid_from": how, "pct_of_need": pct,
                    **({"hard_needed": hard_need[0], "instance_need": own} if hard_need else {})})
    return out


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):
    return _rows(ctx)
