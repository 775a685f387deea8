"""`dbpatrol demo` end to end: planted problems are found, a PDF is written, nothing is left behind."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dbpatrol.cli import app


def _scratch(pg_admin):
    with pg_admin.connect() as c:
        dbs = c.exec_driver_sql("SELECT datname FROM pg_database WHERE datname LIKE 'dbpatrol_demo_%%'").scalars().all()
        roles = c.exec_driver_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE 'dbpatrol_demo_mon_%%'").scalars().all()
    return set(dbs), set(roles)


def test_demo_finds_the_planted_problems_and_cleans_up(prefect_harness, pg_admin, tmp_path):
    before = _scratch(pg_admin)
    res = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "PDF report:" in res.output
    pdf = next(tmp_path.glob("*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    report = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    (inst,) = report["instances"]
    assert inst["reachable"], inst["cause"]
    bad = {f["name"]: f["outcome"] for f in inst["findings"] if f["outcome"] in ("WARNING", "CRITICAL")}
    # each planted problem is found by the check that looks for it
    for name in ("idle_in_transaction", "blocking_locks", "long_running_queries", "deadlocks_detected", "rollback_ratio", "temp_spill"):
        assert name in bad, f"planted problem not found by {name}: {sorted(bad)}"
    # the rollbacks are found in the demo's own scratch database, not in leftovers of other databases
    rollbacks = next(f for f in inst["findings"] if f["name"] == "rollback_ratio")
    assert inst["database"] in {o["key"] for o in rollbacks["objects"]}, rollbacks["message"]["en"]
    row = next(r for r in rollbacks["evidence"] if r["scope"] == inst["database"])
    assert row["xact_rollback"] >= 300 and row["xacts"] >= 1300, row  # + the two deadlocked sessions
    assert _scratch(pg_admin) == before, "the demo left a scratch database or role behind"
