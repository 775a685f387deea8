"""PRF018: the days-left arithmetic on a synthetic space-growth series written into the store, and a live
before/after of a database that grew, on the shared performance cluster.

The series: eleven daily snapshots of dbp_prf's size growing by a fixed amount a day, the amount chosen as
1/25 of the free space the data directory's filesystem has now (os.statvfs here; the check reads it with df
over SSH from a real sshd on loopback, tests/sshd.py) → the free space df reported over that growth, 25 days
but for what other processes wrote in between, WARNING (DAS: ≤ 30 days; the exact 300 GB / 10 GB a day = 30.0
days is the fixture postgresql-30-days-left.yaml);
without ssh the days left are unknown (SKIPPED not inspected, never OK) and the growth is still reported."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from checks import samples
from checks.performance.conftest import utcnow
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.sshd import Sshd, available

CODE = "PRF018"
DB = "dbp_prf"
GIB = 1024 ** 3


@pytest.fixture(scope="module")
def host(perf):
    if available() is not None:
        pytest.skip(available())
    from dbpatrol.inventory import SshConfig
    from dbpatrol.ssh import HostAccess

    d = Sshd().start()
    yield lambda: HostAccess("local", "127.0.0.1", SshConfig.model_validate(d.inventory_ssh()), 5.0)
    d.cleanup()


def avail_bytes(path: str) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 1024 * 1024  # df -k reports whole KiB


def test_synthetic_growth_gives_the_expected_days_left(perf, host):
    end = utcnow()
    with perf.session() as s:
        datadir = s.run("SELECT current_setting('data_directory') AS d", {})[0]["d"]
        per_day = avail_bytes(datadir) / 25  # 25 days of free space left at this growth
        for day in range(11):  # day 0 … day 10, the last one an hour ago
            at = (end - dt.timedelta(days=10 - day, hours=1)).replace(tzinfo=None)
            snap = samples.Snapshot(taken_at=at, rows=[samples.SampleRow("pg.sizes", DB, None,
                                                                         {"size_bytes": 5 * GIB + day * per_day})])
            snapshots.save(perf.store, "synthetic", snap, "sampler")
        win = (end - dt.timedelta(days=10, hours=2), end)

        blind = perf.run(s, CODE, win, name="synthetic")
        assert blind.basis == "window" and blind.outcome is Outcome.SKIPPED and blind.skip_reason == "unreachable"
        assert blind.message.en.startswith("not inspected: the days until the filesystem is full are unknown"), blind.message.en
        row = next(r for r in blind.evidence if r["datname"] == DB)
        assert row["growth_bytes_per_day"] == round(per_day, 3) and row["samples"] == 11, row

        s.host_access = host()
        try:
            f = perf.run(s, CODE, win, name="synthetic")
        finally:
            s.host_access.close() if hasattr(s.host_access, "close") else None
            s.host_access = None
    row = next(r for r in f.evidence if r["datname"] == DB)
    # df's free space a moment after statvfs's (other processes write to this disk): the days left are the free
    # space df reported over the growth, and that is 25 days but for what changed in between
    assert f.basis == "window" and row["fs_avail_bytes"] == pytest.approx(avail_bytes(datadir), rel=5e-3), row
    assert row["days_left"] == round(row["fs_avail_bytes"] / round(per_day, 3), 1) == pytest.approx(25, abs=0.5), row
    assert f.outcome is Outcome.WARNING and f"is full in {row['days_left']:g} days at the databases' growth in the " \
        "window" in f.message.en, f.message.en
    assert "by least squares over 11 snapshots" in f.message.en


def test_a_database_that_grew_between_two_snapshots(perf):
    with perf.session() as s:
        t0 = perf.sample(s, "PRF018-live")
        size0 = s.run("SELECT pg_database_size(:d) AS b", {"d": DB})[0]["b"]
        perf.work("CREATE TABLE grown AS SELECT g, repeat('y', 200) AS pad FROM generate_series(1, 40000) g")
        size1 = s.run("SELECT pg_database_size(:d) AS b", {"d": DB})[0]["b"]
        t1 = perf.sample(s, "PRF018-live")
        f = perf.run(s, CODE, (t0 - dt.timedelta(milliseconds=1), t1 + dt.timedelta(milliseconds=1)), name="PRF018-live")
    row = next(r for r in f.evidence if r["datname"] == DB)
    grew = size1 - size0
    assert grew > 8_000_000, (size0, size1)
    # least squares through two points: their difference over the time between them (to float rounding)
    assert row["growth_bytes_per_day"] == pytest.approx(grew / ((t1 - t0).total_seconds() / 86400), rel=1e-9), row
    assert f.outcome is Outcome.SKIPPED and "not inspected" in f.message.en and DB in f.message.en


def test_a_tablespace_on_its_own_filesystem_is_forecast_against_its_free_space(perf, host):
    """pg-perf-review S6: a tablespace under /dev/shm (tmpfs, another filesystem than the data directory's) on the
    performance cluster, its growth a synthetic series in pg.tablespaces beside the databases' in pg.sizes (which hold
    it too). df over SSH of its location gives tmpfs's free space; the days left are that over the tablespace's growth,
    and the data directory's growth leaves it out (before: all of it against the data directory, OK)."""
    import secrets
    import shutil

    loc = f"/dev/shm/dbp_prf018_{secrets.token_hex(3)}"
    os.makedirs(loc)
    shutil.chown(loc, "postgres", "postgres")
    perf.work(f"CREATE TABLESPACE dbp_prf018_ts LOCATION '{loc}'", database="postgres")
    try:
        end = utcnow()
        per_day = avail_bytes(loc) / 5  # tmpfs full in 5 days at this growth
        for day in range(4):
            at = (end - dt.timedelta(days=3 - day, hours=1)).replace(tzinfo=None)
            snap = samples.Snapshot(taken_at=at, rows=[
                samples.SampleRow("pg.sizes", DB, None, {"size_bytes": GIB + day * (per_day + 1000)}),
                samples.SampleRow("pg.tablespaces", "dbp_prf018_ts", None, {"size_bytes": day * per_day})])
            snapshots.save(perf.store, "tablespace", snap, "sampler")
        with perf.session() as s:
            s.host_access = host()
            try:
                f = perf.run(s, CODE, (end - dt.timedelta(days=3, hours=2), end), name="tablespace")
            finally:
                s.host_access.close() if hasattr(s.host_access, "close") else None
                s.host_access = None
        ts = next(r for r in f.evidence if r.get("tablespace") == "dbp_prf018_ts")
        assert ts["location"] == loc and ts["fs_mount"] == "/dev/shm", ts
        assert ts["days_left"] == pytest.approx(5, abs=0.2) and f.outcome is Outcome.CRITICAL, (ts, f.message.en)
        assert "/dev/shm (holding tablespace dbp_prf018_ts) is full in" in f.message.en, f.message.en
        data = next(r for r in f.evidence if r.get("datname") == DB)
        assert data["days_left"] > 1000, data  # 1,000 bytes a day left on the data directory's filesystem
    finally:
        perf.work("DROP TABLESPACE dbp_prf018_ts", database="postgres")
        shutil.rmtree(loc, ignore_errors=True)
