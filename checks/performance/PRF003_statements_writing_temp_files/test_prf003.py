"""PRF003 live on the private PostgreSQL 15 with pg_stat_statements (checks/performance/conftest.py): a
sort that spills with work_mem = 64kB, run inside the window, is listed with its in-window temp MB and
calls; another spilling statement run before the window's first snapshot is not."""

from __future__ import annotations

import pytest

from checks.performance._statements.live import check, plant, row, snap
from dbpatrol.results import Outcome
from tests.pg_security import monitor_role

pytestmark = pytest.mark.timeout(120)

INSIDE = "SELECT count(*) AS prf003_inside FROM (SELECT md5(v::text) AS h FROM prf003_t ORDER BY 1) s"
# another statement (a column alias is not part of the query id: the shape must differ)
OUTSIDE = "SELECT count(*) AS prf003_outside FROM (SELECT md5(v::text) AS h FROM prf003_t WHERE v > 0 ORDER BY 1) s"
SMALL = "SET work_mem = '64kB'"


def test_spilling_statement_in_the_window(stmt_pg, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    mon = monitor_role(stmt_pg, "PRF003")
    stmt_pg.sql("CREATE TABLE prf003_t AS SELECT g AS v FROM generate_series(1, 30000) g")
    plant(stmt_pg, OUTSIDE, 3, setup=SMALL)
    t1 = snap(mon, url, "p3")
    quiet = snap(mon, url, "p3")
    plant(stmt_pg, INSIDE, 4, setup=SMALL)
    t2 = snap(mon, url, "p3")

    before = check(mon, "PRF003", url, "p3", (t1, quiet), record="quiet", contains="No statement wrote")
    assert before.outcome is Outcome.OK and row(before, "prf003_") is None, before.message.en

    ok = check(mon, "PRF003", url, "p3", (quiet, t2))
    r = row(ok, "prf003_inside")
    assert ok.outcome is Outcome.OK and ok.basis == "window" and r["calls"] == 4 and r["temp_mb"] > 0, ok.message.en
    assert row(ok, "prf003_outside") is None
    assert r["temp_blks_written"] > 0 and r["temp_mb_per_call"] == round(r["temp_mb"] / 4, 2)

    low = check(mon, "PRF003", url, "p3", (quiet, t2), {"temp_mb_per_day": {"warning": 0.01, "critical": None}},
                record="spilling", contains="MB/day or more to temporary files")
    assert low.outcome is Outcome.WARNING and "prf003_inside" in low.message.en, low.message.en
    stmt_pg.sql("DROP TABLE prf003_t")
