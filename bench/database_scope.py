"""What database scope costs per database on the local PostgreSQL.

No catalog check has scope "database" yet, so RUN003 is copied with ``scope="database"`` and its
SQL narrowed to ``current_database()`` (as tests/test_database_scope.py does). N scratch databases
are created, the daily flow runs with ``--only RUN003`` on the instance's own database and then on
the N databases, and the figures are printed: wall time, the runner's own duration, findings and
connections opened. The scratch databases are dropped at the end.

    uv run python bench/database_scope.py [--databases 20] [--runs 2]

Measured 2026-12-01 (2 cores, PostgreSQL 15, Prefect test harness): 20 databases add 0.9-1.4 s
to the runner (45-70 ms per database: a connection, its facts, one task), 21 connections in all.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["DBPATROL_HOME"] = tempfile.mkdtemp(prefix="dbpatrol-bench-")

import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from checks import registry  # noqa: E402
from checks.registry import Check, Registry, SqlVariant  # noqa: E402


def database_scope_registry(tmp: Path) -> Registry:
    base = registry.load().get("RUN003")
    sql = tmp / "postgresql.sql"
    sql.write_text(base.sql["postgresql"][0].text.replace(
        "AND pid <> pg_backend_pid()", "AND pid <> pg_backend_pid() AND datname = current_database()"), encoding="utf-8")
    check = Check(spec=base.spec.model_copy(update={"scope": "database"}), folder=base.folder,
                  sql={"postgresql": [SqlVariant("postgresql", (0,), sql)]})
    return Registry([check if c.code == "RUN003" else c for c in registry.load()])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--databases", type=int, default=20)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-bench-scope-"))
    reg = database_scope_registry(tmp)
    registry.load = lambda: reg  # the runner asks the registry at call time
    dbs = [f"dbp_bench_{secrets.token_hex(3)}_{i}" for i in range(args.databases)]
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        for db in dbs:
            c.exec_driver_sql(f"CREATE DATABASE {db}")
    try:
        from prefect.testing.utilities import prefect_test_harness

        from flows.tiers import daily

        with prefect_test_harness(server_startup_timeout=120):
            cases = [("warm-up", None)] + [("own database", None), (f"{args.databases} databases", dbs)] * args.runs
            for label, databases in cases:
                inv = {"businesses": [{"name": "b", "hosts": [{"name": "h", "address": "127.0.0.1", "instances": [
                    {"name": "pg", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres",
                     **({"databases": databases} if databases else {})}]}]}]}
                path = tmp / "inventory.yaml"
                path.write_text(yaml.safe_dump(inv), encoding="utf-8")
                t0 = time.monotonic()
                summary = daily(inventory=str(path), only=["RUN003"], formats=["json"], out_dir=str(tmp / "out"))
                wall = time.monotonic() - t0
                report = json.loads(Path(summary["files"]["json"]).read_text(encoding="utf-8"))
                inst = report["instances"][0]
                print(f"{label:16} wall {wall:5.2f} s  runner {report['duration_s']:5.2f} s  "
                      f"findings {len(inst['findings']):3}  connections {inst['connections_opened']}")
    finally:
        with admin.connect() as c:
            for db in dbs:
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main()
