"""PRF001 live on a private PostgreSQL 15 with pg_stat_statements preloaded (checks/performance/conftest.py).

A costly statement planted before the window's first snapshot (outside) tops the counters since the
reset, and is absent from the window; one planted between the window's two snapshots (inside) tops the
window with exactly its in-window calls. Then entries evicted (pg_stat_statements.max = 1000 overrun)
and a reset inside a later window make the figures lower bounds, and the finding says so."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.performance._statements.live import check, plant, row, snap
from dbpatrol.results import Outcome
from tests.pg_security import monitor_role

pytestmark = pytest.mark.timeout(120)

OUTSIDE = "SELECT count(*) AS prf001_outside FROM prf001_t a JOIN prf001_t b ON mod(a.v, 97) = mod(b.v, 89) WHERE a.v < 1600"  # ~40 ms a call: 20 calls cost 2.5x the 155 of INSIDE (~2 ms each), on any load
INSIDE = "SELECT sum(v) AS prf001_inside FROM prf001_t WHERE mod(v, 7) = 3"


def test_inside_tops_the_window_outside_does_not(stmt_pg, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    mon = monitor_role(stmt_pg, "PRF001")
    stmt_pg.sql("CREATE TABLE IF NOT EXISTS prf001_t AS SELECT g AS v FROM generate_series(1, 20000) g")
    plant(stmt_pg, OUTSIDE, 20)
    plant(stmt_pg, INSIDE, 5)  # before the window too: its in-window calls are only those after the first snapshot
    t1 = snap(mon, url, "prf")
    plant(stmt_pg, INSIDE, 150)
    t2 = snap(mon, url, "prf")

    before = check(mon, "PRF001", None, "prf", (t1, t2), record="since-reset", contains="since pg_stat_statements was reset")  # no store: counters since the reset
    assert before.basis == "cumulative" and "since pg_stat_statements was reset" in before.message.en, before.message.en
    out_row, in_row = row(before, "prf001_outside"), row(before, "prf001_inside")
    assert out_row and in_row and out_row["rank"] < in_row["rank"], before.evidence[:3]
    assert out_row["calls"] == 20 and in_row["calls"] == 155

    win = check(mon, "PRF001", url, "prf", (t1, t2), record="window-dominant", contains="% of all time")
    assert win.basis == "window" and win.coverage_pct is not None, (win.basis, win.message.en)
    top = win.evidence[0]
    assert "prf001_inside" in top["query"] and top["calls"] == 150 and top["rank"] == 1, win.evidence[:3]
    assert top["query"].startswith("SELECT sum(v) AS prf001_inside FROM prf001_t WHERE mod(v, $1) = $2")
    assert row(win, "prf001_outside") is None  # ran only before the window's first snapshot
    assert win.outcome is Outcome.WARNING and top["time_pct"] > 30, win.message.en
    assert "in the window" in win.message.en and "% of all time" in win.message.en
    assert not any(r["username"] == mon.user for r in win.evidence)  # dbpatrol's own statements left out
    assert top["statement"] in win.series and win.series[top["statement"]]["calls"][-1][1] == 155

    # Evicted inside a later window: 1,120 distinct statements overrun pg_stat_statements.max = 1000.
    eng = stmt_pg.engine()
    with eng.connect() as c:
        for a in range(1, 41):  # 40 × 28 distinct shapes (constants are normalised, their number is not)
            cols = ", ".join(["1"] * a)
            for b in range(1, 29):
                c.exec_driver_sql(f"SELECT {cols} AS prf001_fill WHERE " + " AND ".join(["true"] * b))
    eng.dispose()
    plant(stmt_pg, INSIDE, 10)
    t3 = snap(mon, url, "prf")
    evicted = check(mon, "PRF001", url, "prf", (t2, t3), record="window-evicted", contains="lower bounds")
    assert evicted.basis == "window" and "lower bounds: pg_stat_statements evicted" in evicted.message.en, evicted.message.en
    assert (row(evicted, "prf001_inside") or {}).get("calls") == 10 or row(evicted, "prf001_inside") is None

    # Reset inside the next window: the planted statement counts from zero after it.
    # Five statements of equal cost (the same shape on five equal tables): none takes 30 % — OK, and still
    # a lower bound, since the reset lost what ran before it.
    for i in range(1, 5):
        stmt_pg.sql(f"CREATE TABLE IF NOT EXISTS prf001_t{i} AS SELECT * FROM prf001_t")
    stmt_pg.sql("SELECT pg_stat_statements_reset()")
    plant(stmt_pg, INSIDE, 30)
    for i in range(1, 5):
        plant(stmt_pg, INSIDE.replace("FROM prf001_t", f"FROM prf001_t{i}"), 30)
    t4 = snap(mon, url, "prf")
    reset = check(mon, "PRF001", url, "prf", (t3, t4), record="window-reset-balanced", contains="none takes")
    assert reset.outcome is Outcome.OK and "its statistics were reset inside the window" in reset.message.en, reset.message.en
    assert row(reset, "prf001_inside")["calls"] == 30 and reset.evidence_total >= 5


def test_not_applicable_without_pg_stat_statements(pg_session):
    """The shared server (PostgreSQL 15 on 5432) does not preload pg_stat_statements: PRF001-PRF003 are
    SKIPPED not applicable, saying how to enable it — never OK."""
    from tests.live import run

    for code in ("PRF001", "PRF002", "PRF003"):
        f = run(pg_session, code)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", (code, f.message.en)
        assert "pg_stat_statements is not in shared_preload_libraries (add it to the list and restart" in f.message.en


NESTED_FN = ("CREATE OR REPLACE FUNCTION prf001_nest() RETURNS bigint LANGUAGE plpgsql AS $$ DECLARE n bigint; BEGIN "
             "SELECT count(*) INTO n FROM prf001_n a JOIN prf001_n b ON mod(a.v, 97) = mod(b.v, 89) WHERE a.v < 300; "
             "RETURN n; END $$")


def test_nested_statements_are_not_counted_twice(stmt_pg, tmp_path):
    """pg_stat_statements.track = all (stmt_pg): the statement a function runs has its own entry (toplevel f)
    and its time is in its caller's too. The share of all time sums top-level entries only: the caller that
    is all the window's work takes ~100 %, not ~50 % (review pg-perf M1: a 40 % caller read 28 %, OK)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    mon = monitor_role(stmt_pg, "PRF001")
    stmt_pg.sql("CREATE TABLE IF NOT EXISTS prf001_n AS SELECT g AS v FROM generate_series(1, 20000) g")
    stmt_pg.sql(NESTED_FN)
    t1 = snap(mon, url, "prfn")
    plant(stmt_pg, "SELECT prf001_nest() AS prf001_caller", 8)
    t2 = snap(mon, url, "prfn")
    f = check(mon, "PRF001", url, "prfn", (t1, t2))
    caller = row(f, "prf001_caller")
    nested = next((r for r in f.evidence if str(r.get("statement", "")).endswith(":f") and "prf001_n a" in str(r.get("query"))), None)
    assert caller and nested and caller["calls"] == 8 and nested["calls"] == 8, f.evidence[:4]
    assert nested["total_time_ms"] <= caller["total_time_ms"]
    assert caller["time_pct"] > 80, (caller["time_pct"], caller["total_time_all_ms"], f.evidence[:4])
    assert caller["total_time_all_ms"] < caller["total_time_ms"] + nested["total_time_ms"]
    stmt_pg.sql("DROP FUNCTION prf001_nest(); DROP TABLE prf001_n")


def test_a_statement_seen_late_is_said_to_hold_time_from_before_the_window(stmt_pg18, tmp_path):
    """pg-perf-review S2 on PostgreSQL 18 (per-entry stats_since): the monitoring user reads other users' statements
    only once granted pg_read_all_stats (before, their rows have no queryid and the source leaves them out). A
    statement that ran 40 times before the window and once inside it is first stored inside the window and counted
    whole (41 calls); its stats_since is before the window's first snapshot, and the finding says its figure holds
    time from before the window (before the fix it said nothing)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    mon = monitor_role(stmt_pg18, "PRF001")
    marker = f"prf001_late_{mon.user[-4:]}"
    late = f"SELECT count(*) AS {marker} FROM generate_series(1, 30000) g WHERE mod(g, 7) = 3"
    stmt_pg18.sql(f"REVOKE pg_read_all_stats FROM {mon.user}")
    plant(stmt_pg18, late, 40)
    t1 = snap(mon, url, "late")  # the keyframe: the planted statement is not visible to this user
    stmt_pg18.sql(f"GRANT pg_read_all_stats TO {mon.user}")
    plant(stmt_pg18, late, 1)
    t2 = snap(mon, url, "late")
    f = check(mon, "PRF001", url, "late", (t1, t2))
    r = row(f, marker)
    assert f.basis == "window" and r is not None and r["calls"] == 41, f.evidence[:3]
    # every statement run by others before the grant is in that case (the planted one and the cluster's set-up)
    assert "Figures may hold time from before the window: " in f.message.en, f.message.en
    assert "have counters that started before it (stats_since before" in r["uncertain"], r["uncertain"]
