"""The sampler's cost (issue 8 item 8): one snapshot per instance, the store's growth, a fleet round.

On the local PostgreSQL and MariaDB, through the sampler's own code (flows/sampler.py: one
read-only session, checks/samples.take, dbpatrol/snapshots.save into a SQLite store of its own):

  * one instance, ``--snapshots`` snapshots one after another, per engine: wall ms per snapshot
    (connect + the sources' SQL + storing), the SQL alone (Snapshot.duration_ms), source statements
    (Snapshot.statements) and every statement on the wire (Session.queries_run: session setup and
    facts, each source's BEGIN/COMMIT), rows stored, CPU ms of this process per snapshot, and the
    bytes each snapshot adds to the SQLite store — its file size and its used pages
    ((page_count - freelist_count) x page_size) after a WAL checkpoint, before and after, divided
    by the snapshots taken; from those, the growth per instance-day at one snapshot every 15
    minutes (96 a day) and the steady size at the default 35-day retention;
  * a fleet round: ``--instances`` inventory instances (half PostgreSQL, half MariaDB, all on
    127.0.0.1) sampled by flows/sampler.py sample_all (its bounded thread pool,
    settings.max_concurrency, default 8; the retention purge included), ``--rounds`` times after a
    warm-up: wall time of a round, and this process's CPU time for it (time.process_time, and
    resource.getrusage user + sys) divided by the 900 s between two rounds as the share of one
    core. The servers' own CPU for answering is not in it (they run apart, as they would);
    neither is Prefect's flow-run bookkeeping, one flow run per round with no task runs — the
    process a worker starts for it costs its imports once, measured apart (``import flows.sampler``
    in a fresh interpreter, its CPU from RUSAGE_CHILDREN);
  * the peer a DBA might run instead: Debian's check_postgres ``--action=dbstats`` (one
    pg_stat_database read for a Cacti-style poller; apt-get install check-postgres when missing),
    ``--peer-runs`` times: wall and CPU (its perl and psql processes, RUSAGE_CHILDREN) per run,
    psql connections and statements (psql wrapped on PATH, as bench/weekly_scale.py does), as
    ratios to one PostgreSQL snapshot of ours. pgwatch and pg_profile, the anchors that store
    their own samples, are not packaged in Debian here (apt-cache knows neither; PyPI has neither:
    pgwatch is a Go binary, pg_profile a PostgreSQL extension from its own repository), so they are
    not run; catalog.md §3 has what they store.

    uv run python bench/sampler.py [--snapshots 100] [--instances 100] [--rounds 5] [--concurrency 8]
                                   [--peer-runs 10] [--skip-peer]

Goal (issue 8): 100 instances every 15 minutes fit one worker at under 10 % of one core.

Measured 2026-12-01 (2 cores shared with other sessions' test runs, load ~2.3; PostgreSQL 15 with 6
databases, MariaDB 10.11; the median of 100 snapshots each, 5 fleet rounds):
  PostgreSQL: 20.7 ms a snapshot (its SQL 11.1 ms), 7 source statements, 37 on the wire, 9 rows of
    167 numbers, 9.7 ms CPU; 4.6 kB a snapshot in the store (file and used pages alike) -> 0.44 MB
    per instance-day, 15 MB per instance at 35 days.
  MariaDB: 29.9 ms a snapshot (SQL 1.7 ms), 1 source statement, 19 on the wire, 1 row (the pivoted
    global status, 50 numbers), 26.6 ms CPU — about half of it PyMySQL building a default SSL
    context (loading the system CA store) for every connection (cProfile); 2.2 kB a snapshot ->
    0.21 MB per instance-day, 7.4 MB at 35 days.
  100 instances (50 + 50), concurrency 8: a round 2.8 s wall (median; 2.3-3.2), 2.15 CPU-s of
    dbpatrol's process (process_time and getrusage agree) = 0.24 % of one core at one round every
    15 minutes: the goal (< 10 %) is met 42x over. The process a worker starts for the flow run
    pays its imports once a round: 3.0 CPU-s, +0.34 %. Store: 33 MB a day for the 100, 1.1 GB at
    35 days' retention.
  check_postgres 2.25 --action=dbstats (one sample of pg_stat_database): 381 ms wall and 142 ms
    CPU a run (perl + psql), 2 connections, 2 statements — 18x our wall and 15x our CPU for a
    snapshot that reads 7 sources over 1 connection.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import yaml  # noqa: E402

PER_DAY = 96  # one snapshot every 15 minutes
RETENTION_DAYS = 35
ROUND_S = 900.0

WRAPPER = """#!/bin/sh
printf '%s\\0' "$@" > "{calls}/$$.args"
exec "{real}" "$@"
"""


def inventory(tmp: Path, n: int) -> Path:
    instances = []
    for i in range(n):
        if i % 2:
            instances.append({"name": f"maria-{i:03d}", "engine": "mariadb", "port": 3306, "user": "root"})
        else:
            instances.append({"name": f"pg-{i:03d}", "engine": "postgresql", "port": 5432, "database": "test",
                              "user": "postgres"})
    path = tmp / "inventory.yaml"
    path.write_text(yaml.safe_dump({"businesses": [{"name": "bench", "hosts": [
        {"name": "local", "address": "127.0.0.1", "instances": instances}]}]}))
    return path


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def store_bytes(path: Path) -> tuple[int, int]:
    """(file size, used pages x page size) of a SQLite store after folding its WAL into it."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = con.execute("PRAGMA page_size").fetchone()[0]
        used = con.execute("PRAGMA page_count").fetchone()[0] - con.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        con.close()
    return path.stat().st_size, used * page


@dataclass
class OneInstance:
    engine: str
    ms: float
    sql_ms: float
    statements: float
    on_wire: float
    rows: float
    values: float
    cpu_ms: float
    file_bytes: float
    used_bytes: float


def one_instance(target, settings, tmp: Path, n: int) -> OneInstance:
    """``n`` snapshots of one instance, one after another, as flows/sampler.sample_instance takes them."""
    from checks import samples
    from checks.adapters import open_session
    from dbpatrol import snapshots
    from dbpatrol.store_db import get_engine
    from flows.runner import _target

    db = tmp / f"store-{target.instance.engine}.db"
    url = f"sqlite:///{db}"
    engine = get_engine(url)

    def snap():
        session = open_session(_target(target, settings))
        try:
            s = samples.take(session)
            wire = session.queries_run
        finally:
            session.close()
        snapshots.save(url, target.instance.name, s, "sampler")
        return s, wire

    for _ in range(5):  # tables, indexes and the first pages exist before measuring
        snap()
    engine.dispose()
    before = store_bytes(db)
    walls, sqls, stmts, wires, rows, values = [], [], [], [], [], []
    c0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        s, wire = snap()
        walls.append((time.perf_counter() - t0) * 1000)
        sqls.append(s.duration_ms)
        stmts.append(s.statements)
        wires.append(wire)
        rows.append(len(s.rows))
        values.append(sum(len(r.data) for r in s.rows))
        if s.refused:
            print(f"  {target.instance.name}: refused {s.cause}")
    cpu = (time.process_time() - c0) * 1000 / n
    engine.dispose()
    after = store_bytes(db)
    return OneInstance(target.instance.engine, statistics.median(walls), statistics.median(sqls), statistics.mean(stmts),
                       statistics.mean(wires), statistics.mean(rows), statistics.mean(values), cpu, (after[0] - before[0]) / n,
                       (after[1] - before[1]) / n)


def fleet(inv: Path, settings, rounds: int) -> tuple[list[float], list[float], list[float], int, int]:
    from flows.sampler import sample_all

    done = sample_all(inventory=str(inv), settings=settings)  # warm-up: imports, drivers, the store's tables
    gaps = [d for d in done if not d.ok]
    walls, cpus, rusages = [], [], []
    for _ in range(rounds):
        c0, r0, t0 = time.process_time(), cpu_s(), time.perf_counter()
        done = sample_all(inventory=str(inv), settings=settings)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        rusages.append(cpu_s() - r0)
        gaps += [d for d in done if not d.ok]
    for g in gaps[:5]:
        print(f"  gap: {g.instance}: {g.cause}")
    return walls, cpus, rusages, len(done), len(gaps)


def import_cpu_s() -> float:
    """CPU of a fresh interpreter importing the sampler flow: what a worker's flow-run process pays first."""
    c0 = children_cpu_s()
    subprocess.run([sys.executable, "-c", "import flows.sampler"], check=True, cwd=Path(__file__).resolve().parent.parent,
                   capture_output=True)
    return children_cpu_s() - c0


@dataclass
class Peer:
    wall_ms: float
    cpu_ms: float
    connections: float
    statements: float
    version: str
    sample: str


def check_postgres(tmp: Path, runs: int) -> Peer | None:
    if shutil.which("check_postgres") is None:
        print("installing check-postgres (apt-get)")
        res = subprocess.run(["apt-get", "install", "-y", "check-postgres"], capture_output=True, text=True)
        if res.returncode or shutil.which("check_postgres") is None:
            print(f"  check_postgres not installable: {res.stderr.strip()[-200:]}")
            return None
    d = tmp / "wrap-psql"
    calls = d / "calls"
    calls.mkdir(parents=True)
    (d / "psql").write_text(WRAPPER.format(calls=calls, real=shutil.which("psql") or "/usr/bin/psql"))
    (d / "psql").chmod(0o755)
    env = {**os.environ, "PATH": f"{d}:{os.environ['PATH']}"}  # Debian's build has no --PGBINDIR
    cmd = ["check_postgres", "--action=dbstats", "--host=127.0.0.1", "--port=5432", "--dbuser=postgres",
           "--dbname=test"]
    version = subprocess.run(["check_postgres", "--version"], capture_output=True, text=True).stdout.strip()
    walls, cpus, out = [], [], ""
    for _ in range(runs):
        c0, t0 = children_cpu_s(), time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((children_cpu_s() - c0) * 1000)
        out = res.stdout
    connecting = [f.read_bytes().split(b"\0") for f in calls.glob("*.args")]
    connecting = [a for a in connecting if b"--version" not in a]
    statements = 0
    for a in connecting:
        i = next((k for k, x in enumerate(a) if x == b"-c"), None)
        statements += max(1, len([s for s in a[i + 1].split(b";") if s.strip()])) if i is not None and i + 1 < len(a) else 1
    return Peer(statistics.median(walls), statistics.median(cpus), len(connecting) / runs, statements / runs, version,
                (out.splitlines() or ["(no output)"])[0][:100])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshots", type=int, default=100, help="snapshots of one instance per engine")
    ap.add_argument("--instances", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--peer-runs", type=int, default=10)
    ap.add_argument("--skip-peer", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-sampler-bench-"))
    os.environ["DBPATROL_HOME"] = str(tmp / "home")
    os.environ["DBPATROL_MAX_CONCURRENCY"] = str(args.concurrency)
    os.environ.pop("DBPATROL_STORE_URL", None)
    inv = inventory(tmp, max(args.instances, 2))
    os.environ["DBPATROL_INVENTORY"] = str(inv)

    from dbpatrol.inventory import load_inventory
    from dbpatrol.settings import load_settings

    settings = load_settings()
    targets = load_inventory(inv).targets
    first = {}
    for t in targets:
        first.setdefault(t.instance.engine, t)

    print(f"one instance, {args.snapshots} snapshots each (after 5 to warm up), stores under {tmp}")
    ones = [one_instance(first[e], settings, tmp, args.snapshots) for e in ("postgresql", "mariadb") if e in first]
    head = (f"{'engine':<11} {'ms/snap':>8} {'SQL ms':>7} {'sources':>7} {'on wire':>7} {'rows':>5} {'values':>6} {'CPU ms':>7} "
            f"{'B/snap file':>11} {'B/snap used':>11} {'MB/inst-day':>11} {'MB/inst 35d':>11}")
    print(head)
    for o in ones:
        per_day = max(o.file_bytes, o.used_bytes) * PER_DAY / 1e6
        print(f"{o.engine:<11} {o.ms:>8.1f} {o.sql_ms:>7.1f} {o.statements:>7.0f} {o.on_wire:>7.0f} {o.rows:>5.0f} {o.values:>6.0f} "
              f"{o.cpu_ms:>7.1f} {o.file_bytes:>11,.0f} {o.used_bytes:>11,.0f} {per_day:>11.2f} "
              f"{per_day * RETENTION_DAYS:>11.1f}")

    print(f"\n{args.instances} instances (half each engine), sample_all, concurrency {settings.max_concurrency}, "
          f"{args.rounds} rounds after a warm-up")
    walls, cpus, rusages, n, gaps = fleet(inv, settings, args.rounds)
    cpu, ru = statistics.median(cpus), statistics.median(rusages)
    print(f"round wall time          : median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f})"
          f"  — {n} instances, {gaps} gaps")
    print(f"CPU of dbpatrol's process: {cpu:.2f} s a round (process_time), {ru:.2f} s (getrusage user+sys)")
    print(f"share of one core        : {100 * cpu / ROUND_S:.3f} % at one round every {ROUND_S:.0f} s "
          f"(goal < 10 %: {'met' if cpu / ROUND_S < 0.10 else 'NOT met'}, {0.10 * ROUND_S / max(cpu, 1e-9):.0f}x headroom)")
    imp = import_cpu_s()
    print(f"a flow-run process's imports: {imp:.2f} CPU-s once a round (+{100 * imp / ROUND_S:.3f} % of a core)")
    by = {o.engine: o for o in ones}
    if by:
        share = {"postgresql": (args.instances + 1) // 2, "mariadb": args.instances // 2}
        day = sum(max(by[e].file_bytes, by[e].used_bytes) * share[e] * PER_DAY for e in by) / 1e6
        print(f"store growth for the fleet: {day:.0f} MB a day, {day * RETENTION_DAYS / 1000:.2f} GB at "
              f"{RETENTION_DAYS} days' retention")

    if not args.skip_peer and "postgresql" in by:
        peer = check_postgres(tmp, args.peer_runs)
        if peer is not None:
            ours = by["postgresql"]
            print(f"\none PostgreSQL sample, side by side ({peer.version}; median of {args.peer_runs} runs)")
            print(f"{'':<28} {'wall ms':>8} {'CPU ms':>7} {'connections':>11} {'statements':>10}")
            print(f"{'dbpatrol snapshot':<28} {ours.ms:>8.1f} {ours.cpu_ms:>7.1f} {1:>11} {ours.on_wire:>10.0f}"
                  f"  ({ours.statements:.0f} sources)")
            print(f"{'check_postgres dbstats':<28} {peer.wall_ms:>8.1f} {peer.cpu_ms:>7.1f} {peer.connections:>11.0f} "
                  f"{peer.statements:>10.0f}  (pg_stat_database only)")
            print(f"{'ratio peer / ours':<28} {peer.wall_ms / ours.ms:>7.1f}x {peer.cpu_ms / max(ours.cpu_ms, 1e-9):>6.1f}x")
            print(f"  its output: {peer.sample}")
    print("\npgwatch, pg_profile: not packaged here (Debian, PyPI), not run")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
