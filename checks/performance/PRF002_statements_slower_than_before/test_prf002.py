"""PRF002 live on the private PostgreSQL 15 with pg_stat_statements (checks/performance/conftest.py): a
statement run 120 times on a small table in the previous period and 120 times after the table grew 25-fold
in the window is reported slower with both means and the factor; a third period at the same size is OK;
without stored snapshots the check does not apply (no previous period to compare with)."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.performance._statements.live import check, plant, row, snap
from dbpatrol.results import Outcome
from tests.pg_security import monitor_role

pytestmark = pytest.mark.timeout(120)

X = "SELECT count(*) AS prf002_x FROM prf002_t WHERE mod(v, 13) = 1"


def test_mean_grew_against_the_previous_period(stmt_pg, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    mon = monitor_role(stmt_pg, "PRF002")
    stmt_pg.sql("CREATE TABLE prf002_t AS SELECT g AS v FROM generate_series(1, 2000) g")
    # stored an hour apart (their numbers are real): each period's previous one is exactly the one before
    hour = dt.timedelta(hours=1)
    t0 = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - 4 * hour
    ta = snap(mon, url, "p2", at=t0)
    plant(stmt_pg, X, 120)
    tb = snap(mon, url, "p2", at=t0 + hour)
    stmt_pg.sql("INSERT INTO prf002_t SELECT g FROM generate_series(2001, 50000) g")
    plant(stmt_pg, X, 120)
    tc = snap(mon, url, "p2", at=t0 + 2 * hour)

    none = check(mon, "PRF002", None, "p2", (tb, tc))
    assert none.outcome is Outcome.SKIPPED and "no statement snapshots cover the window" in none.message.en

    slower = check(mon, "PRF002", url, "p2", (tb, tc), record="slower", contains="got slower")
    r = row(slower, "prf002_x")
    assert slower.outcome in (Outcome.WARNING, Outcome.CRITICAL) and slower.basis == "window", slower.message.en
    assert r["calls"] == 120 and r["prev_calls"] == 120 and r["factor"] >= 2, r
    assert r["mean_time_ms"] >= 1 and r["prev_mean_time_ms"] < r["mean_time_ms"] / 2
    assert f"mean {r['prev_mean_time_ms']} → {r['mean_time_ms']} ms (× {r['factor']}" in slower.message.en
    assert f"against the previous period ({ta.strftime('%Y-%m-%d %H:%M:%S')} UTC" in slower.message.en, slower.message.en

    plant(stmt_pg, X, 120)  # same size: same mean
    td = snap(mon, url, "p2", at=t0 + 3 * hour)
    same = check(mon, "PRF002", url, "p2", (tc, td), record="unchanged", contains="No statement's mean time grew")
    assert same.outcome is Outcome.OK and row(same, "prf002_x")["factor"] < 2, same.message.en
    stmt_pg.sql("DROP TABLE prf002_t")
