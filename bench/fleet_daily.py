"""100 instances, daily tier, one flow run: wall time, per-instance time, task runs.

The 100 inventory entries point at the local PostgreSQL and MariaDB (50 each), so the figure is
dbpatrol's and Prefect's overhead at fleet scale plus real queries, not network latency.

    uv run python bench/fleet_daily.py [--instances 100] [--concurrency 8]

Measured on this 2-core machine (2026-11-27), 100 instances, 1,950 checks, concurrency 8:
- ephemeral Prefect (no PREFECT_API_URL; SQLite):          33 s  (Prefect's server is the bottleneck)
- `prefect server` on PostgreSQL (PREFECT_API_URL set):      8 s  (median 0.25 s per instance)
The per-instance work is a fraction of a second; what a fleet run costs is Prefect's ~400 task
runs (one per instance, one per category) — run fleets against a PostgreSQL-backed server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import yaml  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    os.environ["DBPATROL_MAX_CONCURRENCY"] = str(args.concurrency)
    tmp = Path(tempfile.mkdtemp(prefix="dbpatrol-fleet-"))
    instances = []
    for i in range(args.instances):
        if i % 2:
            instances.append({"name": f"maria-{i:03d}", "engine": "mariadb", "port": 3306, "user": "root"})
        else:
            instances.append({"name": f"pg-{i:03d}", "engine": "postgresql", "port": 5432, "database": "test", "user": "postgres"})
    inv = tmp / "inventory.yaml"
    inv.write_text(yaml.safe_dump({"businesses": [{"name": "fleet", "hosts": [
        {"name": "local", "address": "127.0.0.1", "instances": instances}]}]}))

    from flows.tiers import daily

    daily(inventory=str(inv), instances=[instances[0]["name"]], out_dir=str(tmp / "warmup"), formats=["json"])
    t0 = time.perf_counter()
    summary = daily(inventory=str(inv), out_dir=str(tmp / "fleet"), formats=["json"])
    wall = time.perf_counter() - t0
    report = json.loads(Path(summary["files"]["json"]).read_text())
    per = []
    import datetime as dt

    for inst in report["instances"]:
        per.append((dt.datetime.fromisoformat(inst["finished_at"]) - dt.datetime.fromisoformat(inst["started_at"])).total_seconds())
    checks = sum(len(i["findings"]) for i in report["instances"])
    print(f"{args.instances} instances, daily tier, concurrency {args.concurrency}")
    print(f"flow run wall time      : {wall:.2f} s  (inspection inside it: {report['duration_s']:.2f} s)")
    print(f"per instance            : median {statistics.median(per):.3f} s, max {max(per):.3f} s")
    print(f"checks run              : {checks}  ({checks / wall:.0f} per second)")
    print(f"unreachable             : {sum(not i['reachable'] for i in report['instances'])}")


if __name__ == "__main__":
    main()
