"""Daily tier on the local PostgreSQL: the flow's wall time beside the raw SQL over one connection.

Prints: the number of checks, the raw time of the same SQL run directly over one psycopg
connection, the flow run's wall time (Prefect included; ephemeral Prefect unless
PREFECT_API_URL is set), and how many connections the inspection opened per instance — counted
by dbpatrol and, independently, on the server (distinct dbpatrol backends seen in pg_stat_activity).

    uv run python bench/inspect_overhead.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import threading
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from checks import registry  # noqa: E402

DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


def raw_seconds(checks) -> float:
    """The same SQL files, bound the same way, one after another over one plain connection."""
    now = dt.datetime.now(dt.timezone.utc)
    params = {"window_start": now - dt.timedelta(days=1), "window_end": now}
    engine = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", poolclass=sa.NullPool)
    t0 = time.perf_counter()
    with engine.connect() as conn:
        version = conn.dialect.server_version_info[:2]
        for c in checks:
            sql = c.sql_for("postgresql", version).text
            conn.execute(sa.text(sql), {k: params[k] for k in registry.bind_names(sql)}).fetchall()
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return elapsed


class BackendWatcher:
    """Independent count: distinct dbpatrol backends seen in pg_stat_activity, polled every 10 ms."""

    def __init__(self):
        self.seen: set[tuple] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as c:
            while not self._stop.is_set():
                for row in c.execute("SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = 'dbpatrol'"):
                    self.seen.add(tuple(row))
                time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    checks = registry.load().select("daily", "postgresql")
    raws = [raw_seconds(checks) for _ in range(args.runs)]

    from flows.tiers import daily

    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-bench-"))
    inv = tmp / "inventory.yaml"
    inv.write_text(yaml.safe_dump({"businesses": [{"name": "bench", "hosts": [{"name": "local", "address": "127.0.0.1",
        "instances": [{"name": "pg-bench", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"}]}]}]}))
    walls, opened, server_counted = [], [], []
    for i in range(args.runs + 1):  # the first call starts Prefect: reported apart
        with BackendWatcher() as watcher:
            t0 = time.perf_counter()
            summary = daily(inventory=str(inv), out_dir=str(tmp / f"r{i}"), formats=["json"])
            wall = time.perf_counter() - t0
        import json

        report = json.loads(Path(summary["files"]["json"]).read_text())
        if i == 0:
            first = wall
            continue
        walls.append(wall)
        opened.append(report["instances"][0]["connections_opened"])
        server_counted.append(len(watcher.seen))

    print(f"daily tier, PostgreSQL, {len(checks)} checks")
    print(f"raw SQL over one connection : median {statistics.median(raws) * 1000:8.1f} ms  (runs: {', '.join(f'{r*1000:.1f}' for r in raws)})")
    print(f"flow run, first (cold)      : {first:8.2f} s")
    print(f"flow run, warm              : median {statistics.median(walls):8.2f} s  (runs: {', '.join(f'{w:.2f}' for w in walls)})")
    print(f"connections per instance    : dbpatrol counted {opened}, seen on the server {server_counted}")


if __name__ == "__main__":
    main()
