"""The weekly tier on big catalogs (issue 9 item 3), beside the peers a DBA would otherwise run.

For each size (default 1,000 and 10,000 tables) and each engine (the local PostgreSQL and MariaDB),
a scratch database / schema is built and dropped at the end: tables with a primary key (every tenth
without), two indexes each (one a prefix of the other: redundant), every fifth with a foreign key to
a parent table (half of those without an index on it on PostgreSQL; InnoDB makes one itself).

On it the bench runs
  * every check the weekly tier has at that time, through the real session and run_check — one
    session, the checks one after another, each timed (wall, its SQL and judging); printed: the
    slowest checks, the whole tier's wall time (connect included), statements sent and connections
    opened (the session's own counters), and whether a check ended ERROR (a statement timeout);
  * one real ``dbpatrol inspect --tier weekly`` (a Prefect flow run, ephemeral Prefect) of an
    inventory naming only that database: its wall time, and its connections from the JSON report;
  * the peers, as Debian packages them (apt-get install check-postgres mysqltuner when missing):
    check_postgres with the actions that correspond to checks the weekly tier has, one run per
    action as Nagios does, and mysqltuner (one full run). Their statements and connections are
    counted by wrapping the client programs they call (psql first on PATH; --mysqlcmd, --mysqladmin): each
    psql / mysql / mysqladmin process is one connection; statements are what it was given to run.
    Printed with their wall time, as ratios to ours.

The shared MariaDB runs with performance_schema OFF (its default), so the checks that need it are
not applicable there. ``--private-ps`` (default on) also builds the same tables on a private mariadbd
with performance_schema ON (tests/servers.py; its own tmpdir), opens every table once so each index
has its performance_schema row, and times the weekly tier there too (no peers, no Prefect run).

    uv run python bench/weekly_scale.py [--sizes 1000,10000] [--engines postgresql,mariadb] [--skip-inspect]
                                        [--skip-peers] [--no-private-ps]

Goals (issue 9): the slowest check ≤ 2 s and the whole weekly tier ≤ 10 s per instance.

Measured 2026-12-01 (2 cores shared with other test runs; PostgreSQL 15, MariaDB 10.11; 47 weekly
checks on PostgreSQL, 45-47 on MariaDB at the time):
  PostgreSQL 10,000 tables: tier 3.2 s, slowest OBJ022 0.68 s, 209 statements, 1 connection;
    check_postgres (19 actions) 6.1 s, 29 connections, 59 statements (1.9×, 29×, 0.3×).
  MariaDB 10,000 tables: tier 4.6 s (before: 8.9-10.2 s), slowest OBJ022 1.1 s; OBJ061 0.37 s, OBJ062
    0.76 s, OBJ067 0.17 s (before: 2.5-2.8 s, 2.1-2.7 s, 1.8-2.0 s; they now leave unopened the tables
    that cannot give them a row — alternating old and new SQL in one session on the same tables:
    2.6 -> 0.29 s, 1.9 -> 0.58 s, 1.8 -> 0.09 s, the same rows); 187 statements, 1 connection.
    mysqltuner 1.9.9 19.2 s, 651 connections, 651 statements (4.2×, 651×, 3.5×); in a run with the
    machine loaded (load average 6-9, our tier 10.8 s) it took 61.9 s (5.7×).
  MariaDB with performance_schema, 10,000 tables: tier 4.9 s (before: 10.4-13.4 s), slowest OBJ022 1.1 s,
    OBJ021 1.1 s (before 1.6-1.7 s: no column list held for every index), OBJ062 0.64 s, OBJ061 0.42 s.
  Under a load average of 6-9 from other test runs the same tiers took 10-15 s, every check 2-3× slower.
  1,000 tables: tiers 0.6-0.7 s; check_postgres 4.1 s, mysqltuner 7.6 s.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import secrets
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from checks import registry  # noqa: E402
from checks.adapters import ConnectTarget, open_session  # noqa: E402
from checks.execute import run_check  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MY_URL = "mysql+pymysql://root@127.0.0.1:3306/mysql"
GOAL_CHECK_S, GOAL_TIER_S = 2.0, 10.0

# check_postgres actions (its documented names) and the catalog checks each corresponds to: an action
# runs when one of those checks is in the weekly tier. Actions needing two servers (hot_standby_delay)
# or a file/OS view of the server (disk_space, logfile) are left out.
CHECK_POSTGRES = {
    "connection": ("RUN002",),
    "backends": ("RUN001",),
    "txn_idle": ("RUN003",),
    "query_time": ("RUN004",),
    "locks": ("RUN005",),
    "lockwait": ("RUN005",),
    "txn_time": ("RUN006",),
    "replication_slots": ("RUN009",),
    "txn_wraparound": ("RUN010",),
    "autovac_freeze": ("RUN010",),
    "prepared_txns": ("RUN013",),
    "archive_ready": ("BAK002",),
    "commitratio": ("ERR003",),
    "disabled_triggers": ("OBJ026",),
    # weekly object checks of other codes, matched by a word of their name (their codes are not fixed here)
    "sequence": ("name:sequence",),
    "bloat": ("name:bloat",),
    "last_vacuum": ("name:vacuum",),
    "last_analyze": ("name:analyze",),
    "database_size": ("name:growth", "name:database_size"),
    "wal_files": ("name:wal_size", "name:wal_dir", "name:wal_files"),
}

# the actions that take no default thresholds get ours (the corresponding check's defaults)
ACTION_ARGS = {
    "txn_idle": ["--warning=60s", "--critical=600s"],
    "query_time": ["--warning=60s", "--critical=300s"],
    "txn_time": ["--warning=600s", "--critical=3600s"],
    "lockwait": ["--warning=60s", "--critical=120s"],
    "replication_slots": ["--warning=5GB", "--critical=20GB"],
    "database_size": ["--warning=100GB", "--critical=500GB"],
}


# ------------------------------------------------------------------------------------------------
# building the scratch databases


def build_pg(name: str, tables: int) -> sa.Engine:
    base = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    base.dispose()
    eng = sa.create_engine(sa.make_url(PG_URL).set(database=name), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with eng.connect() as c:
        c.exec_driver_sql("CREATE TABLE parent (id int PRIMARY KEY)")
        batch = 250  # one transaction per batch: a single one would need a lock per table at once
        for start in range(0, tables, batch):
            c.exec_driver_sql(f"""DO $$ BEGIN FOR i IN {start}..{min(start + batch, tables) - 1} LOOP
                EXECUTE format('CREATE TABLE t%s (id int %s, parent_id int %s, a int, b int, c text)', i,
                               CASE WHEN i % 10 = 0 THEN 'NOT NULL' ELSE 'PRIMARY KEY' END,
                               CASE WHEN i % 5 = 0 THEN 'REFERENCES parent (id)' ELSE '' END);
                EXECUTE format('CREATE INDEX t%s_a ON t%s (a)', i, i);
                EXECUTE format('CREATE INDEX t%s_ab ON t%s (a, b)', i, i);
                IF i % 10 = 5 THEN EXECUTE format('CREATE INDEX t%s_parent ON t%s (parent_id)', i, i); END IF;
            END LOOP; END $$""".replace("%", "%%"))  # the driver formats with %
        c.exec_driver_sql("ANALYZE")
    return eng


def drop_pg(name: str) -> None:
    base = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    base.dispose()


def build_my(name: str, tables: int, workers: int = 4, url: str = MY_URL, open_each: bool = False) -> None:
    base = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
        c.exec_driver_sql(f"CREATE TABLE {name}.parent (id int PRIMARY KEY) ENGINE=InnoDB")
    base.dispose()

    def create(part: range) -> None:
        eng = sa.create_engine(sa.make_url(url).set(database=name), isolation_level="AUTOCOMMIT",
                               poolclass=sa.NullPool)
        with eng.connect() as c:
            for i in part:
                pk = "id int NOT NULL" if i % 10 == 0 else "id int PRIMARY KEY"
                fk = ", FOREIGN KEY (parent_id) REFERENCES parent (id)" if i % 5 == 0 else ""
                c.exec_driver_sql(f"CREATE TABLE t{i} ({pk}, parent_id int, a int, b int, c varchar(100), "
                                  f"KEY t{i}_a (a), KEY t{i}_ab (a, b){fk}) ENGINE=InnoDB")
                if open_each:  # opened once: its indexes get their performance_schema rows
                    c.exec_driver_sql(f"SELECT a FROM t{i} WHERE a = 1")
        eng.dispose()

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(create, [range(w, tables, workers) for w in range(workers)]))


def drop_my(name: str) -> None:
    base = sa.create_engine(MY_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
    base.dispose()


# ------------------------------------------------------------------------------------------------
# ours


@dataclass
class Ours:
    wall_s: float
    connect_s: float
    per_check: list[tuple[str, float, str]] = field(default_factory=list)  # code, ms, outcome
    statements: int = 0
    connections: int = 0
    inspect_s: float | None = None
    inspect_connections: int | None = None


def run_ours(engine: str, database: str | None, inspect: bool, tmp: Path, port: int | None = None) -> Ours:
    reg = registry.load()
    end = dt.datetime.now(dt.timezone.utc)
    window = (end - dt.timedelta(days=7), end)
    target = ConnectTarget(engine, "127.0.0.1", port or (5432 if engine == "postgresql" else 3306), database,
                           "postgres" if engine == "postgresql" else "root")
    t0 = time.perf_counter()
    session = open_session(target)
    connect_s = time.perf_counter() - t0
    out = Ours(wall_s=0, connect_s=connect_s)
    try:
        for check in reg.select("weekly", session.flavor):
            c0 = time.perf_counter()
            f = run_check(session, check, reg.effective_thresholds(check.code, []), window)
            out.per_check.append((check.code, (time.perf_counter() - c0) * 1000, f.outcome.value))
        out.statements = session.queries_run
        out.connections = session.connections_opened
    finally:
        session.close()
    out.wall_s = time.perf_counter() - t0
    if inspect:
        out.inspect_s, out.inspect_connections = run_inspect(engine, database, tmp)
    return out


def run_inspect(engine: str, database: str | None, tmp: Path) -> tuple[float, int | None]:
    inst = {"name": f"scale-{engine}", "engine": engine, "port": 5432 if engine == "postgresql" else 3306,
            "user": "postgres" if engine == "postgresql" else "root"}
    if database:
        inst["database"] = database
    inv = tmp / f"inventory-{engine}.yaml"
    inv.write_text(yaml.safe_dump({"businesses": [{"name": "bench", "hosts": [
        {"name": "local", "address": "127.0.0.1", "instances": [inst]}]}]}), encoding="utf-8")
    out = tmp / f"out-{engine}-{secrets.token_hex(2)}"
    cmd = [sys.executable, "-m", "dbpatrol.cli", "inspect", "--inventory", str(inv), "--tier", "weekly",
           "--format", "json", "--out", str(out), "--json"]
    env = {**os.environ, "DBPATROL_HOME": str(tmp / "home")}
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    wall = time.perf_counter() - t0
    try:
        report = json.loads(res.stdout)
        return wall, report["instances"][0].get("connections_opened")
    except (ValueError, KeyError, IndexError):
        print(f"    dbpatrol inspect exited {res.returncode}: {res.stderr.strip()[-400:]}")
        return wall, None


# ------------------------------------------------------------------------------------------------
# peers, with their client programs wrapped to count connections and statements

WRAPPER = """#!/bin/sh
printf '%s\\0' "$@" > "{calls}/$$.args"
exec "{real}" "$@"
"""


def wrap(tool: str, real: str, tmp: Path) -> tuple[Path, Path]:
    """A stand-in for ``tool`` that records each call's arguments (one file per process) and runs it."""
    d = tmp / f"wrap-{tool}-{secrets.token_hex(2)}"
    calls = d / "calls"
    calls.mkdir(parents=True)
    path = d / tool
    path.write_text(WRAPPER.format(calls=calls, real=real))
    path.chmod(0o755)
    return path, calls


def calls_of(calls: Path) -> list[list[str]]:
    return [f.read_bytes().decode("utf-8", "replace").split("\0")[:-1] for f in sorted(calls.glob("*.args"))]


def statements_in(args: list[str], flags: tuple[str, ...]) -> int:
    """Statements one client process was given: the SQL after one of ``flags`` (psql -c, mysql -e /
    -Bse), split on ';'; a process given none (mysqladmin ping) counts its one command."""
    for i, a in enumerate(args):
        if a in flags and i + 1 < len(args):
            return max(1, len([s for s in args[i + 1].split(";") if s.strip()]))
    return 1


@dataclass
class Peer:
    name: str
    wall_s: float
    connections: int
    statements: int
    detail: str = ""


def ensure_packages() -> None:
    missing = [pkg for pkg, exe in (("check-postgres", "check_postgres"), ("mysqltuner", "mysqltuner"))
               if shutil.which(exe) is None]
    if missing:
        print(f"installing {' '.join(missing)} (apt-get)")
        subprocess.run(["apt-get", "install", "-y", *missing], check=True, capture_output=True)


def run_check_postgres(database: str, tmp: Path) -> Peer:
    codes = {c.code for c in registry.load().select("weekly", "postgresql")}
    names = {c.spec.name for c in registry.load().select("weekly", "postgresql")}
    actions = [a for a, keys in CHECK_POSTGRES.items()
               if any(k in codes or (k.startswith("name:") and any(k[5:] in n for n in names)) for k in keys)]
    psql, calls = wrap("psql", shutil.which("psql") or "/usr/bin/psql", tmp)
    t0 = time.perf_counter()
    results = []
    for action in actions:
        # Debian builds it with NO_PSQL_OPTION (no --PGBINDIR): the wrapper goes first on PATH
        res = subprocess.run(["check_postgres", f"--action={action}", "--host=127.0.0.1", "--port=5432",
                              "--dbuser=postgres", f"--dbname={database}", *ACTION_ARGS.get(action, [])],
                             capture_output=True, text=True,
                             timeout=600, env={**os.environ, "PATH": f"{psql.parent}:{os.environ['PATH']}"})
        if "Usage: check_postgres" in res.stdout + res.stderr:
            results.append(f"{action}=not-in-this-version")
            continue
        word = (res.stdout.split() or [f"exit{res.returncode}"])[1] if len(res.stdout.split()) > 1 else res.stdout.strip()
        results.append(f"{action}={word.rstrip(':')}")
    wall = time.perf_counter() - t0
    # psql --version (asked once per action) opens no connection
    connecting = [a for a in calls_of(calls) if "--version" not in a]
    procs, statements = len(connecting), sum(statements_in(a, ("-c",)) for a in connecting)
    return Peer("check_postgres", wall, procs, statements, f"{len(actions)} actions: {' '.join(results)}")


def run_mysqltuner(tmp: Path) -> Peer:
    mysql, calls = wrap("mysql", shutil.which("mysql") or "/usr/bin/mysql", tmp)
    admin, admin_calls = wrap("mysqladmin", shutil.which("mysqladmin") or "/usr/bin/mysqladmin", tmp)
    t0 = time.perf_counter()
    res = subprocess.run(["mysqltuner", "--host", "127.0.0.1", "--port", "3306", "--user", "root", "--pass", "",
                          "--nocolor", "--forcemem", "1024", "--forceswap", "0", "--mysqlcmd", str(mysql),
                          "--mysqladmin", str(admin)], capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - t0
    connecting = [a for a in calls_of(calls) + calls_of(admin_calls) if "--version" not in a and "-V" not in a]
    procs, statements = len(connecting), sum(statements_in(a, ("-e", "-Bse", "-se")) for a in connecting)
    tail = [line for line in res.stdout.splitlines() if line.strip()][-1:] or [f"exit {res.returncode}"]
    return Peer("mysqltuner", wall, procs, statements, tail[0][:80])


# ------------------------------------------------------------------------------------------------


def run_private_ps(tables: int, tmp: Path) -> None:
    """The same tables on a private mariadbd with performance_schema ON: the checks that need it."""
    from tests.servers import AS_MYSQL, MariaServer, _run, free_port

    base = tempfile.mkdtemp(prefix="dbpatrol-mariadb-bench-")
    tmpdir = os.path.join(base, "tmp")
    os.mkdir(tmpdir)
    for d in (base, tmpdir):
        shutil.chown(d, "mysql")
    _run([*AS_MYSQL, "mariadb-install-db", f"--datadir={base}/data", "--auth-root-authentication-method=normal",
          "--skip-test-db", "--no-defaults", f"--tmpdir={tmpdir}"], timeout=180)
    server = MariaServer(options={"tmpdir": tmpdir, "performance-schema": "ON", "innodb-buffer-pool-size": "256M",
                                  "innodb-flush-log-at-trx-commit": "2"}, base=base, port=free_port()).start()
    try:
        t0 = time.perf_counter()
        build_my("dbp_scale_ps", tables, url=server.url, open_each=True)
        ours = run_ours("mariadb", None, False, tmp, port=server.port)
        report("mariadb (private, performance_schema ON)", tables, ours, None, time.perf_counter() - t0)
    finally:
        server.destroy()


def report(engine: str, tables: int, ours: Ours, peer: Peer | None, build_s: float) -> None:
    slow = sorted(ours.per_check, key=lambda x: -x[1])
    slowest = slow[0] if slow else ("-", 0, "")
    errors = [f"{c} {o}" for c, _, o in ours.per_check if o == "ERROR"]
    print(f"\n== {engine}, {tables:,} tables (built in {build_s:.0f} s) ==")
    print(f"  dbpatrol weekly tier: {len(ours.per_check)} checks, wall {ours.wall_s:.2f} s "
          f"(connect {ours.connect_s * 1000:.0f} ms), statements {ours.statements}, connections {ours.connections}"
          f"  [goal: tier ≤ {GOAL_TIER_S:g} s {'met' if ours.wall_s <= GOAL_TIER_S else 'MISSED'}; slowest check "
          f"≤ {GOAL_CHECK_S:g} s {'met' if slowest[1] <= GOAL_CHECK_S * 1000 else 'MISSED'}]")
    print("  slowest checks: " + ", ".join(f"{c} {ms:.0f} ms" for c, ms, _ in slow[:8]))
    skipped = sum(1 for _, _, o in ours.per_check if o == "SKIPPED")
    print(f"  median check {statistics.median([ms for _, ms, _ in ours.per_check]):.1f} ms; ERROR: {', '.join(errors) or 'none'}; "
          f"SKIPPED (not applicable here): {skipped}")
    if ours.inspect_s is not None:
        print(f"  dbpatrol inspect --tier weekly (Prefect flow run, process start included): {ours.inspect_s:.1f} s, "
              f"connections {ours.inspect_connections}")
    if peer:
        r = lambda a, b: f"{a / b:.1f}×" if b else "-"  # noqa: E731
        print(f"  {peer.name}: wall {peer.wall_s:.2f} s, connections {peer.connections}, statements {peer.statements}"
              f"  — ratios to dbpatrol: time {r(peer.wall_s, ours.wall_s)}, connections "
              f"{r(peer.connections, ours.connections)}, statements {r(peer.statements, ours.statements)}")
        print(f"    ({peer.detail})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--engines", default="postgresql,mariadb")
    ap.add_argument("--skip-inspect", action="store_true")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--no-private-ps", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    engines = args.engines.split(",")
    if not args.skip_peers:
        ensure_packages()
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-weekly-scale-"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    if not args.skip_inspect:  # the first inspection on a machine sets Prefect up: not what is measured
        warm = time.perf_counter()
        run_inspect("postgresql", "postgres", tmp)
        print(f"(Prefect warm-up inspection: {time.perf_counter() - warm:.1f} s, not counted)")
    print(f"weekly tier: {len(registry.load().select('weekly', 'postgresql'))} checks on PostgreSQL, "
          f"{len(registry.load().select('weekly', 'mariadb'))} on MariaDB; sizes {sizes}")
    for tables in sizes:
        for engine in engines:
            name = f"dbp_scale_{tables}_{secrets.token_hex(2)}"
            t0 = time.perf_counter()
            try:
                if engine == "postgresql":
                    build_pg(name, tables).dispose()
                else:
                    build_my(name, tables)
                build_s = time.perf_counter() - t0
                ours = run_ours(engine, name if engine == "postgresql" else None, not args.skip_inspect, tmp)
                peer = None
                if not args.skip_peers:
                    peer = run_check_postgres(name, tmp) if engine == "postgresql" else run_mysqltuner(tmp)
                report(engine, tables, ours, peer, build_s)
            finally:
                (drop_pg if engine == "postgresql" else drop_my)(name)
        if "mariadb" in engines and not args.no_private_ps:
            run_private_ps(tables, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
