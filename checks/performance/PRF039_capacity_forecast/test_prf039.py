"""PRF039 on the private mariadbd (checks/performance/conftest.py) with a size series planted in a store of the
test's own: 6 my.schema_sizes snapshots 2 days apart, the schema growing exactly 1 GiB a day (what the sampler would
have stored). Over SSH to this host (tests/sshd.py, a real sshd) the data directory's free space is read with df as
OSH001 reads it, and days left = free / 1 GiB; without SSH the days left are unknown: SKIPPED, never OK."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from checks.adapters import open_session
from checks.samples import SampleRow, Snapshot
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.live import run
from tests.sshd import Sshd, available

CODE = "PRF039"
GIB = 1 << 30


def plant_series(url: str, name: str, days: int = 10, every: int = 2) -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    first = now - dt.timedelta(days=days)
    for i in range(0, days + 1, every):
        t = first + dt.timedelta(days=i)
        snap = Snapshot(taken_at=t, rows=[SampleRow("my.schema_sizes", "app", None, {"bytes": 50 * GIB + i * GIB, "tables": 40}),
                                         SampleRow("my.schema_sizes", "static", None, {"bytes": 5 * GIB, "tables": 3})])
        snapshots.save(url, name, snap, "sampler")
    return first, now


def judged(w, url, name, win, host_access=None, overrides=None):
    with open_session(w.target(CODE)) as s:
        s.instance_name, s.snapshots = name, snapshots.SnapshotReader(url)
        s.host_access = host_access
        return run(s, CODE, overrides, win=win)


def test_growth_by_least_squares_and_days_left_over_ssh(my_perf_window, tmp_path):
    w = my_perf_window
    url = f"sqlite:///{tmp_path / 'sizes.db'}"
    first, now = plant_series(url, "sizes")
    win = ((first - dt.timedelta(hours=1)).replace(tzinfo=dt.timezone.utc), (now + dt.timedelta(hours=1)).replace(tzinfo=dt.timezone.utc))
    blind = judged(w, url, "sizes", win)
    r = blind.evidence[0]
    assert r["samples"] == 6 and r["covered_days"] == 10 and r["growth_bytes_per_day"] == GIB, r
    assert r["total_bytes"] > 0 and r["schemas"] >= 1  # the private server's own schemas, now
    assert blind.outcome is Outcome.SKIPPED and blind.message.en.startswith("not applicable: days left unknown"), blind.message.en
    assert "grew 1.00 GB a day over 10 days" in blind.message.en, blind.message.en
    assert "(persistent statistics, not the disk)" in blind.message.en  # mysql-perf-review-2 S1: the basis said

    short = judged(w, url, "sizes", (win[1] - dt.timedelta(days=3), win[1]))  # 2 snapshots, 2 days: too little
    assert short.outcome is Outcome.SKIPPED and "too little history" in short.message.en

    if available() is not None:
        pytest.skip(available())
    from dbpatrol.inventory import SshConfig
    from dbpatrol.ssh import HostAccess

    d = Sshd().start()
    try:
        host = HostAccess("local", "127.0.0.1", SshConfig.model_validate(d.inventory_ssh()), 5.0)
        f = judged(w, url, "sizes", win, host_access=host)
        st = os.statvfs(f"{w.server.base}/data")
        expected = st.f_bavail * st.f_frsize / GIB
        row = f.evidence[0]
        assert row["free_bytes"] is not None and abs(row["days_left"] - expected) <= max(0.02 * expected, 0.2), (row, expected)
        assert f.outcome is (Outcome.OK if expected >= 90 else Outcome.WARNING if expected >= 30 else Outcome.CRITICAL)
        assert "Basis: InnoDB's persistent statistics (mysql.innodb_table_stats), not the disk" in f.message.en, f.message.en
        # the same row against levels above its days left (judged again, without another df over SSH)
        from checks.execute import judge_rows
        from checks.judges import JudgeContext
        from tests.live import REG

        eff = REG.effective_thresholds(CODE, [("run", {CODE: {"days_left": {"warning": expected + 10,
                                                                             "critical": expected + 5}}})])
        tight = judge_rows(REG.get(CODE).spec, "mariadb", f.evidence, eff, JudgeContext(engine="mariadb"))
        assert tight.outcome is Outcome.CRITICAL and "last" in tight.message.en, tight.message.en
    finally:
        d.stop()
        d.cleanup()


def test_sizes_that_never_moved_are_stale_statistics_not_no_growth(my_perf_window, tmp_path):
    """Review mysql-perf-review-2 #3: mysql.innodb_table_stats moves only on ANALYZE or 10 % of a table's rows
    changed (never with innodb_stats_auto_recalc = OFF or STATS_PERSISTENT = 0): a series that did not move once
    over 10 days was rated OK "the data did not grow" with the free space known."""
    from checks.execute import judge_rows
    from checks.judges import JudgeContext
    from tests.live import REG

    w = my_perf_window
    url = f"sqlite:///{tmp_path / 'flat.db'}"
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    for i in range(0, 11, 2):
        snapshots.save(url, "flat", Snapshot(taken_at=now - dt.timedelta(days=10 - i), rows=[
            SampleRow("my.schema_sizes", "app", None, {"bytes": 50 * GIB, "tables": 40})]), "sampler")
    win = ((now - dt.timedelta(days=11)).replace(tzinfo=dt.timezone.utc), (now + dt.timedelta(hours=1)).replace(tzinfo=dt.timezone.utc))
    f = judged(w, url, "flat", win)
    r = f.evidence[0]
    assert r["samples"] == 6 and r["size_changes"] == 0, r
    assert f.outcome is Outcome.SKIPPED and "did not change once over 10" in f.message.en, f.message.en
    seen = judge_rows(REG.get(CODE).spec, "mariadb", [{**r, "free_bytes": 100 * GIB, "mount": "/data"}],
                      REG.effective_thresholds(CODE, []),
                      JudgeContext(engine="mariadb"))
    assert seen.outcome is Outcome.SKIPPED and "innodb_stats_auto_recalc" in seen.message.en, seen.message.en
