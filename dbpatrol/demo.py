"""``dbpatrol demo``: a real inspection of a real database with real problems planted in it.

1. Use the PostgreSQL at 127.0.0.1:5432 when one answers (or $DBPATROL_DEMO_PG, a libpq URL);
   otherwise start a throwaway embedded PostgreSQL (pgserver) in a temporary directory.
2. Create a scratch database and a monitoring role holding only pg_monitor.
3. Plant problems that the daily tier finds: an idle-in-transaction session holding a row lock,
   a session blocked behind it, a long-running query, a real deadlock, rolled-back transactions
   (enough of them for the rollback ratio's minimum sample) and a sort that spills to temporary files.
4. Inspect it with the daily flow (a real Prefect flow run), print the summary and the PDF path.
5. Remove everything it created (sessions, scratch database, role, embedded server).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import yaml
from rich.console import Console


LOCAL = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"

# Demo thresholds: the planted problems are seconds old, so age thresholds are lowered for this
# run only (a run-level override, recorded in the report as such). Keyed by check *name*.
DEMO_THRESHOLDS = {
    "idle_in_transaction": {"idle_s": {"warning": 1, "critical": 3}},
    "long_running_queries": {"runtime_s": {"warning": 1, "critical": 3}},
    "blocking_locks": {"wait_s": {"warning": 1, "critical": 3}},
    "temp_spill": {"temp_mb_per_day": {"warning": 1, "critical": 1024}},
}


def _admin_dsn() -> tuple[str, object | None]:
    dsn = os.environ.get("DBPATROL_DEMO_PG", LOCAL)
    try:
        psycopg.connect(dsn, autocommit=True).close()
        return dsn, None
    except psycopg.OperationalError:
        pass
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # platformdirs' notice, harmless here
    import pgserver  # only when no local server answers; as root it runs as a `pgserver` system user

    server = pgserver.get_server(Path(tempfile.mkdtemp(prefix="dbpatrol-pg-")), cleanup_mode="delete")
    return server.get_uri(), server


def _conninfo(dsn: str) -> dict:
    return psycopg.conninfo.conninfo_to_dict(dsn)


def run_demo(console: Console, *, keep: bool = False, lang: str = "en", out_dir: Path | None = None) -> dict:
    from checks import registry
    from flows.tiers import daily

    dsn, server = _admin_dsn()
    info = _conninfo(dsn)
    where = "embedded PostgreSQL (pgserver)" if server else f"PostgreSQL at {info.get('host')}:{info.get('port', 5432)}"
    suffix = secrets.token_hex(3)
    db, role = f"dbpatrol_demo_{suffix}", f"dbpatrol_demo_mon_{suffix}"
    password = secrets.token_urlsafe(16)
    console.print(f"[bold]dbpatrol demo[/] — using {where}; scratch database [cyan]{db}[/]")
    admin = psycopg.connect(dsn, autocommit=True)
    sessions: list[psycopg.Connection] = []
    threads: list[threading.Thread] = []
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-demo-"))
    try:
        admin.execute(f'CREATE DATABASE "{db}"')
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD %s IN ROLE pg_monitor".replace("%s", _literal(password)))
        scratch = psycopg.conninfo.make_conninfo(dsn, dbname=db)

        def connect():
            c = psycopg.connect(scratch, autocommit=True)
            sessions.append(c)
            return c

        setup = connect()
        setup.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL)")
        setup.execute("INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 1000) g")
        _plant(connect, threads, console)

        reg = registry.load()
        overrides = {c.code: DEMO_THRESHOLDS[c.spec.name] for c in reg if c.spec.name in DEMO_THRESHOLDS}
        inventory = tmp / "inventory.yaml"
        env_var = f"DBPATROL_DEMO_PASSWORD_{suffix.upper()}"
        os.environ[env_var] = password
        inventory.write_text(yaml.safe_dump({"businesses": [{
            "name": "demo", "description": "dbpatrol demo (scratch database with planted problems)",
            "hosts": [{"name": "demo-host", "address": info.get("host") or "127.0.0.1", "instances": [{
                "name": "demo-postgresql", "engine": "postgresql", "port": int(info.get("port") or 5432),
                "database": db, "user": role, "password": {"env": env_var}, "tags": ["demo"],
            }]}],
        }]}), encoding="utf-8")
        time.sleep(3.5)  # let the planted sessions age past the demo thresholds
        console.print("inspecting (daily tier, a real Prefect flow run) …")
        summary = daily(inventory=str(inventory), window_days=1, thresholds=overrides or None,
                        formats=["pdf", "html", "json"], lang=lang, out_dir=str(out_dir) if out_dir else None)
        from .cli import _print_summary

        _print_summary(summary)
        if "pdf" in summary["files"]:
            console.print(f"\n[bold green]PDF report:[/] {summary['files']['pdf']}", highlight=False, soft_wrap=True)
        return summary
    finally:
        for c in sessions:
            with contextlib.suppress(Exception):
                c.cancel()
            with contextlib.suppress(Exception):
                c.close()
        for t in threads:
            t.join(timeout=10)
        with contextlib.suppress(Exception):
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (db,))
        if not keep:
            with contextlib.suppress(Exception):
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            with contextlib.suppress(Exception):
                admin.execute(f"DROP ROLE IF EXISTS {role}")
            console.print(f"removed scratch database {db} and role {role}")
        admin.close()
        with contextlib.suppress(Exception):
            for p in sorted(tmp.iterdir()):
                p.unlink()
            tmp.rmdir()
        if server is not None:
            server.cleanup()


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _plant(connect, threads: list[threading.Thread], console: Console) -> None:
    # 1. idle in transaction, holding a row lock
    holder = connect()
    holder.autocommit = False
    holder.execute("UPDATE accounts SET balance = balance - 1 WHERE id = 1")
    # 2. a session blocked behind it (ends when the holder is closed)
    waiter = connect()

    def blocked():
        with contextlib.suppress(Exception):
            waiter.execute("SET lock_timeout = '120s'")
            waiter.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1")

    # 3. a long-running query (cancelled at cleanup)
    sleeper = connect()

    def long_query():
        with contextlib.suppress(Exception):
            sleeper.execute("SELECT pg_sleep(120)")

    for fn in (blocked, long_query):
        t = threading.Thread(target=fn, daemon=True)
        t.start()
        threads.append(t)
    # 4. a real deadlock (PostgreSQL kills one side and counts it)
    a, b = connect(), connect()
    a.autocommit = b.autocommit = False
    a.execute("UPDATE accounts SET balance = balance WHERE id = 10")
    b.execute("UPDATE accounts SET balance = balance WHERE id = 11")
    t = threading.Thread(target=lambda: _swallow(a.execute, "UPDATE accounts SET balance = balance WHERE id = 11"), daemon=True)
    t.start()
    time.sleep(0.3)
    _swallow(b.execute, "UPDATE accounts SET balance = balance WHERE id = 10")
    t.join(timeout=10)
    for c in (a, b):
        with contextlib.suppress(Exception):
            c.rollback()
        c.close()  # a backend flushes its statistics when it exits (otherwise up to 10 s later, PG15+)
    # 5. rolled-back transactions: ERR003 rates a database only from its min_xacts guard (1,000
    # transactions) on, so the scratch database gets a real sample — 1,000 committed and 300 rolled
    # back (23 %) — rather than a lowered guard. 6. a sort spilling to temporary files.
    churn = connect()
    for _ in range(1000):
        churn.execute("UPDATE accounts SET balance = balance WHERE id = 2")  # autocommit: one commit each
    churn.autocommit = False
    for _ in range(300):
        churn.execute("UPDATE accounts SET balance = balance WHERE id = 2")
        churn.rollback()
    churn.autocommit = True
    churn.execute("SET work_mem = '64kB'")
    churn.execute("SELECT count(*) FROM (SELECT g FROM generate_series(1, 300000) g ORDER BY g DESC) s")
    churn.close()  # flushes its statistics now: the inspection sees every planted rollback and spill
    console.print("planted: idle-in-transaction session, blocked session, long query, deadlock, rollbacks, temp spill")


def _swallow(fn, *args):
    with contextlib.suppress(Exception):
        fn(*args)
