"""mysql-perf-review S1 / mysql-perf-review-2 S2b: dbpatrol's own statements are taken out of every my.status window delta.

On the private mariadbd (performance_schema ON, checks/performance/conftest.py) nothing but dbpatrol runs for the
length of this test: eight sampler snapshots back to back (a sampler far more frequent than any schedule) and, in the
middle, one inspection's session — its snapshot, then the window checks an inspection runs on it (PRF030, PRF032,
PRF036, PRF037 and ERR007, whose reads of information_schema make on-disk temporary tables and full joins), then its
own counters recorded at the end as the runner does (flows.runner.record_own_end). The window's delta of each counter
that PRF030, PRF032, PRF036 and PRF037 rate is 0 for an idle server; the same points without the writers' own counters
(what the window code counted before) give every snapshot's and the inspection's statements.
"""

from __future__ import annotations

import datetime as dt

from checks import samples
from checks.adapters import open_session
from checks.config._live import my_monitor_for, sample
from checks.window import Series, increase
from dbpatrol import snapshots
from tests.live import run

NAME = "own-share"
COUNTERS = ("created_tmp_tables", "created_tmp_disk_tables", "select_full_join", "select_range_check",
            "questions", "com_select", "connections", "sort_scan")


JOIN = ("SELECT t.table_schema, COUNT(*) AS n FROM information_schema.TABLES t JOIN information_schema.COLUMNS c "
        "ON c.table_schema = t.table_schema AND c.table_name = t.table_name GROUP BY t.table_schema")


def _raw(points):
    """The points as the window code read them before the fix: the own.* / end.* numbers dropped."""
    return [type(p)(p.taken_at, p.epoch, {k: v for k, v in p.data.items() if not k.startswith(("own.", "end."))},
                    p.origin) for p in points]


def test_an_idle_server_s_window_deltas_hold_none_of_dbpatrol_s_own_statements(perf_maria, tmp_path):
    from flows.runner import record_own_end

    url = f"sqlite:///{tmp_path / 'store.db'}"
    target = my_monitor_for(perf_maria, "PRF030")
    times = [sample(target, url, NAME) for _ in range(4)]
    with open_session(target) as s:  # one inspection: its snapshot, its checks, its own counters at the end
        snap = samples.take(s)
        s.own_snapshot = (url, snapshots.save(url, NAME, snap, "inspection"))
        times.append(snap.taken_at.replace(tzinfo=dt.timezone.utc))
        for code in ("PRF030", "PRF032", "PRF036", "PRF037", "ERR007"):
            run(s, code)
        for _ in range(3):  # what the OBJ and SEC checks' information_schema joins make: on-disk tables, full joins
            s.run(JOIN, {})
        record_own_end(s)
    times += [sample(target, url, NAME) for _ in range(4)]

    start, end = times[0] - dt.timedelta(seconds=1), times[-1] + dt.timedelta(seconds=1)
    points = snapshots.SnapshotReader(url).points(NAME, "my.status", start, end)["(instance)"]
    assert len(points) == 9
    window = (start.replace(tzinfo=None), end.replace(tzinfo=None))
    now = {c: increase(Series(points, window), c).value for c in COUNTERS}
    before = {c: increase(Series(_raw(points), window), c).value for c in COUNTERS}
    # before the fix: every snapshot's own statements and the inspection's checks were in the deltas
    assert before["questions"] >= 8 * 3 and before["connections"] >= 8, before
    assert before["created_tmp_tables"] >= 8 and before["select_full_join"] >= 1, before
    # now: an idle server's deltas are 0 (1 at most, in case a statement of the server's own lands in the window)
    assert all(v is not None and v <= 1 for v in now.values()), (sorted(now.items()), sorted(before.items()))
