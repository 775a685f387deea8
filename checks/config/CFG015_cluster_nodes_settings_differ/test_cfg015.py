"""CFG015 live: a streaming standby of the shared private PostgreSQL 15 cluster, both snapshotted into a
store of the test's own under two instance names. Alike (node-specific settings apart): OK; work_mem
raised on the primary only (ALTER SYSTEM is not replicated): the standby's finding names it with both
values. A standby below its primary in a hot-standby setting (CRITICAL) is judged from a fixture: such a
standby cannot start here to be inspected."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.adapters import ConnectTarget
from checks.config._live import check_stored, objects, pg_monitor_for, pg_reset, pg_set, row, sample
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(180)

CODE = "CFG015"


def test_standby_against_its_primary(cfg_pg, pg_clusters, tmp_path):
    mon = pg_monitor_for(cfg_pg, CODE)  # the role replicates to the standby
    standby = pg_clusters.track(cfg_pg.standby())
    on_standby = ConnectTarget("postgresql", "127.0.0.1", standby.port, "postgres", mon.user)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    try:
        sample(mon, url, "pg-primary")
        alone = check_stored(on_standby, CODE, url, "pg-standby", (start, dt.datetime.now(dt.timezone.utc)))
        assert alone.outcome is Outcome.OK, alone.message.en  # standby-only settings (primary_conninfo …) left out
        pg_set(cfg_pg, work_mem="16MB")
        sample(mon, url, "pg-primary")
        win = (start, dt.datetime.now(dt.timezone.utc))
        differ = check_stored(on_standby, CODE, url, "pg-standby", win, record="differs", expect="WARNING",
                              contains="work_mem: 4096 (default) ≠ 16384 (pg-primary)")
        assert "work_mem: 4096 (default) ≠ 16384 (pg-primary)" in differ.message.en
        assert objects(differ) == {"work_mem.pg-primary": "WARNING"}, differ.message.en
        assert row(differ, name="work_mem")["other_role"] == "primary"
        nobody = check_stored(on_standby, CODE, url, "pg-other", win)  # a store with nodes of another name only
        assert nobody.outcome in (Outcome.WARNING, Outcome.OK)
    finally:
        pg_reset(cfg_pg, "work_mem")
        standby.destroy()


def test_standby_at_the_default_below_its_primary_is_critical(pg_clusters, tmp_path):
    """The primary raises max_prepared_transactions (default 0, so in no snapshot of a node that leaves it): its
    running hot standby replays the change and pauses recovery (PostgreSQL 14+, 'insufficient parameter
    settings') but still takes connections. Its finding is the CRITICAL below_primary, with the default
    filled in for the side whose snapshot leaves the setting out — not a plain difference."""
    import time

    primary = pg_clusters()
    mon = pg_monitor_for(primary, CODE)
    standby = pg_clusters.track(primary.standby())
    on_standby = ConnectTarget("postgresql", "127.0.0.1", standby.port, "postgres", mon.user)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    try:
        pg_set(primary, restart=True, max_prepared_transactions="10")
        for _ in range(100):  # the standby replays the parameter change and pauses
            if standby.sql("SELECT pg_get_wal_replay_pause_state()") == "paused":
                break
            time.sleep(0.2)
        assert standby.sql("SELECT pg_get_wal_replay_pause_state()") == "paused"
        sample(mon, url, "pg-primary")
        below = check_stored(on_standby, CODE, url, "pg-standby", (start, dt.datetime.now(dt.timezone.utc)))
        assert below.outcome is Outcome.CRITICAL, below.message.en
        assert "max_prepared_transactions is 0 (default) here and 10 on pg-primary (primary)" in below.message.en
        assert objects(below)["max_prepared_transactions.pg-primary"] == "CRITICAL"
    finally:
        standby.destroy()
        primary.destroy()
