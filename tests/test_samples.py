"""Snapshots (issue 8): the sources read real servers, the store keeps and purges them, and the
window arithmetic never goes negative and covers what it says it covers.

Live: every source on the shared PostgreSQL 15 and MariaDB 10.11, and on a private PostgreSQL 18
(the pg_stat_checkpointer variant); MySQL 8's status and INNODB_METRICS sources are parsed only
(no MySQL 8 here). The arithmetic (checks/window.py) is exercised on points built by hand, each
case the shape a real reset has: a crash (the epoch moves), FLUSH STATUS (the value drops, the
server start stays), a database created inside the window.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from checks import samples
from checks.window import Series, increase, peak
from dbpatrol import snapshots
from dbpatrol.snapshots import Point, window_points

T0 = dt.datetime(2026, 11, 30, 8, 0, 0)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def pts(*triples):
    return [Point(at(m), epoch, {"n": v}) for m, epoch, v in triples]


def series(points, start=0, end=24 * 60):
    return Series(points, (at(start), at(end)))


# ----- the arithmetic --------------------------------------------------------------------------------

def test_increase_within_one_epoch_is_last_minus_first():
    e = at(-1000)
    inc = increase(series(pts((0, e, 10), (60, e, 15), (120, e, 22))), "n")
    assert inc.value == 12 and inc.covered_s == 7200 and inc.resets == 0


def test_a_crash_between_points_is_a_new_segment_not_a_negative_delta():
    e1, e2 = at(-1000), at(90)  # the counters restarted at minute 90
    inc = increase(series(pts((0, e1, 10), (60, e1, 15), (120, e2, 4), (180, e2, 9))), "n")
    # 5 before the crash, 4 counted between the crash and minute 120, 5 after: 14, never 15 - 4 going below 0
    assert inc.value == 14 and inc.resets == 1 and inc.lost
    assert inc.covered_s == 3600 + 30 * 60 + 3600  # minute 60 to the crash (90) is not covered


def test_flush_status_drop_without_epoch_move_counts_from_zero_as_a_lower_bound():
    e = at(-1000)  # MySQL: the server start stays, FLUSH STATUS zeroed the counter
    inc = increase(series(pts((0, e, 100), (60, e, 3), (120, e, 8))), "n")
    assert inc.value == 8 and inc.resets == 1 and inc.lower_bound and inc.covered_s == 7200


def test_counters_started_inside_the_window_count_whole():
    inc = increase(series(pts((30, at(10), 7), (60, at(10), 9))), "n")  # a database created at minute 10
    assert inc.value == 9 and inc.since == at(10) and inc.covered_s == 50 * 60


def test_one_point_with_an_older_epoch_says_nothing():
    inc = increase(series(pts((30, at(-1000), 7))), "n")
    assert inc.value is None


def test_peak_is_the_window_maximum_and_when():
    p = peak(series(pts((0, None, 3), (60, None, 11), (120, None, 5))), "n")
    assert (p.value, p.at, p.samples) == (11, at(60), 3)


def test_a_gauge_outside_the_window_is_not_its_peak():
    """A point past an edge stands for a counter's edge, never for a gauge inside the window."""
    p = peak(series(pts((-5, None, 50), (30, None, 4), (24 * 60 + 1, None, 70))), "n")
    assert (p.value, p.at, p.samples) == (4, at(30), 1)
    assert peak(series(pts((24 * 60 + 1, None, 70))), "n").value is None


def test_a_reset_inside_the_window_is_said_in_the_message():
    """The finding says when its figure is a lower bound: a reset lost counts, or a drop at an unknown time."""
    from checks import registry
    from checks.execute import judge_rows
    from checks.judges import JudgeContext
    from checks.window import evaluate

    reg = registry.load()
    check = reg.get("ERR002")
    spec_window = check.spec.support("mariadb").window
    row = {"scope": "(instance)", "deadlocks": 9, "counters_since": "2026-11-01T00:00:00Z", "days_since": 30,
           "counter_enabled": 1, "deadlock_detect": 1}
    start, end = at(0), at(24 * 60)
    ctx = JudgeContext(engine="mariadb", window_start=start, window_end=end, object_key=check.spec.object_key)
    eff = reg.effective_thresholds("ERR002", [])

    def message(points):
        w = evaluate(spec_window, [row], {"(instance)": points}, (start, end), spec_window.object_of)
        return judge_rows(check.spec, "mariadb", [row], eff, ctx, window=w).message

    e1, e2 = at(-1000), at(600)
    steady = [Point(at(10), e1, {"innodb_deadlocks": 2}), Point(at(1400), e1, {"innodb_deadlocks": 3})]
    crash = [Point(at(10), e1, {"innodb_deadlocks": 2}), Point(at(1400), e2, {"innodb_deadlocks": 1})]
    flush = [Point(at(10), e1, {"innodb_deadlocks": 5}), Point(at(1400), e1, {"innodb_deadlocks": 1})]
    assert "lower bound" not in message(steady).en
    assert "reset inside the window" in message(crash).en and "下限" in message(crash).zh
    assert "reset at an unknown time" in message(flush).en


def test_edge_points_outside_the_window_only_when_nearer_than_the_nearest_inside():
    tol = dt.timedelta(minutes=20)
    # a daily plan: yesterday's run at 08:00:03, today's at 08:00:05 (after the window's end at 08:00)
    p = [Point(at(0.05), None, {}), Point(at(24 * 60 + 0.08), None, {})]
    chosen = window_points(p, at(0), at(24 * 60), tol)
    assert [c.taken_at for c in chosen] == [at(0.05), at(24 * 60 + 0.08)]
    # a sample one second inside the end: the one five minutes after it is not taken
    p = [Point(at(0), None, {}), Point(at(24 * 60 - 1 / 60), None, {}), Point(at(24 * 60 + 5), None, {})]
    assert [c.taken_at for c in window_points(p, at(0), at(24 * 60), tol)] == [at(0), at(24 * 60 - 1 / 60)]
    # an inspection's own snapshot half a second after its window closed at "now", the previous one a
    # minute before: the later one stands for the end
    p = [Point(at(24 * 60 - 1), None, {}), Point(at(24 * 60 + 0.5 / 60), None, {})]
    assert [c.taken_at for c in window_points(p, at(0), at(24 * 60), tol)] == [at(24 * 60 - 1), at(24 * 60 + 0.5 / 60)]
    # nothing near the start inside: the one just before it stands for the start
    p = [Point(at(-10), None, {}), Point(at(600), None, {})]
    assert [c.taken_at for c in window_points(p, at(0), at(24 * 60), tol)] == [at(-10), at(600)]
    # too far outside: not taken
    p = [Point(at(-30), None, {}), Point(at(600), None, {})]
    assert [c.taken_at for c in window_points(p, at(0), at(24 * 60), tol)] == [at(600)]


# ----- the store ---------------------------------------------------------------------------------------

def test_store_saves_reads_and_purges(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    old = samples.Snapshot(taken_at=at(-40 * 1440), rows=[samples.SampleRow("pg.database", "db1", at(-50 * 1440), {"deadlocks": 1})])
    new = samples.Snapshot(taken_at=at(0), rows=[samples.SampleRow("pg.database", "db1", at(-50 * 1440), {"deadlocks": 4}),
                                                 samples.SampleRow("pg.database", "db2", at(-1), {"deadlocks": 0})])
    snapshots.save(url, "i1", old, "sampler")
    snapshots.save(url, "i1", new, "inspection")
    snapshots.gap(url, "i1", at(15), "unreachable: connection refused")
    got = snapshots.SnapshotReader(url).points("i1", "pg.database", at(-60), at(60))
    assert sorted(got) == ["db1", "db2"] and got["db1"][0].data == {"deadlocks": 4} and got["db1"][0].origin == "inspection"
    status = snapshots.latest(url)["i1"]
    assert status["snapshots"] == 3 and status["last_ok_flag"] is False and "refused" in status["last_cause"]
    assert snapshots.purge(url, 35, now=at(0)) == 1
    assert snapshots.latest(url)["i1"]["snapshots"] == 2
    import sqlalchemy as sa

    from dbpatrol.store_db import get_engine
    with get_engine(url).connect() as conn:  # the purged snapshot's rows went with it
        assert conn.execute(sa.text("SELECT count(*) FROM dbpatrol_snapshot_rows")).scalar() == 2


# ----- the sources, live ---------------------------------------------------------------------------------

def _by_source(snap):
    out = {}
    for r in snap.rows:
        out.setdefault(r.source, {})[r.object] = r
    return out


def test_postgresql_sources_read_the_counters(pg_session):
    snap = samples.take(pg_session)
    assert not snap.refused, snap.refused
    src = _by_source(snap)
    assert {"pg.database", "pg.bgwriter", "pg.wal", "pg.archiver", "pg.activity"} <= set(src)
    db = src["pg.database"][pg_session.facts["database"]]
    assert {"deadlocks", "xact_commit", "xact_rollback", "temp_files", "temp_bytes", "conflicts", "confl_lock",
            "sessions_fatal"} <= set(db.data)  # checksum_failures is NULL (dropped) without data checksums
    assert db.epoch is not None and db.epoch <= snap.taken_at
    act = src["pg.activity"]["(instance)"].data
    assert act["max_connections"] > 0 and act["connections"] >= 0 and src["pg.activity"]["(instance)"].epoch is None
    assert {"checkpoints_timed", "buffers_alloc"} <= set(src["pg.bgwriter"]["(instance)"].data)
    # sources that may read no row here: no standby, no slot, no table of 1,000 rows in the session's database, no
    # tablespace outside the data directory
    assert snap.statements == len(src) + sum(s not in src for s in ("pg.replication", "pg.slots", "pg.tables",
                                                                    "pg.tablespaces"))


def test_postgresql_18_reads_the_checkpointer(pg_clusters):
    from tests.servers import pg18_bin

    from checks.adapters import ConnectTarget, open_session

    c = pg_clusters(bin=pg18_bin())
    with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", "postgres")) as s:
        snap = samples.take(s)
    assert not snap.refused, snap.refused
    bg = _by_source(snap)["pg.bgwriter"]["(instance)"].data
    assert {"num_timed", "num_requested", "buffers_written", "buffers_clean", "buffers_alloc"} <= set(bg)
    assert "wal_bytes" in _by_source(snap)["pg.wal"]["(instance)"].data
    # 17+: the checkpointer's counters also under their 10-16 names, and the backends' writes from pg_stat_io
    # (PRF012 reads one name on every version); PRF012's own 17+ SQL runs here too
    assert (bg["checkpoints_timed"], bg["checkpoints_req"], bg["buffers_checkpoint"]) == (
        bg["num_timed"], bg["num_requested"], bg["buffers_written"]) and bg["buffers_backend"] >= 0
    from checks import registry

    with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", "postgres")) as s:
        variant = registry.load().get("PRF012").sql_for("postgresql", s.version)
        row = s.run(variant.text, {})[0]
    assert variant.path.name == "postgresql@17.sql" and row["checkpoints_timed"] >= bg["checkpoints_timed"], row
    assert row["buffers_backend"] >= 0 and row["counters_since"] is not None


def test_mariadb_status_is_pivoted_with_the_server_start_as_epoch(my_session):
    snap = samples.take(my_session)
    assert not snap.refused, snap.refused
    row = _by_source(snap)["my.status"]["(instance)"]
    assert {"questions", "slow_queries", "innodb_deadlocks", "innodb_log_waits", "aborted_connects", "connections",
            "threads_connected", "max_connections", "uptime"} <= set(row.data)
    started = snap.taken_at - dt.timedelta(seconds=row.data["uptime"])
    assert abs((row.epoch - started).total_seconds()) <= 1
    assert "my.innodb_metrics" not in _by_source(snap)  # MySQL 8's; MariaDB's INNODB_METRICS has other columns


@pytest.mark.parametrize("file", ["status", "innodb_metrics", "digests", "digests_text", "waits", "file_io", "schema_sizes"])
def test_mysql8_sources_parse(file):
    text = (samples.HERE / "mysql" / f"{file}.sql").read_text()
    statements = [s for s in sqlglot.parse(text, read="mysql", error_level=ErrorLevel.RAISE) if s is not None]
    assert len(statements) == 1


def test_a_failing_source_is_named_and_the_others_are_kept(pg_session, monkeypatch):
    """One source's query fails (here: a view this server lacks): the snapshot names it, keeps the rest."""
    real = samples.sql_for
    monkeypatch.setattr(samples, "sql_for", lambda src, flavor, version: "SELECT * FROM pg_no_such_view"
                        if src.name == "pg.wal" else real(src, flavor, version))
    snap = samples.take(pg_session)
    assert set(snap.refused) == {"pg.wal"} and "pg_no_such_view" in snap.refused["pg.wal"]
    assert "pg.database" in _by_source(snap) and "pg.wal" not in _by_source(snap)
    assert "pg.wal" in snap.cause
