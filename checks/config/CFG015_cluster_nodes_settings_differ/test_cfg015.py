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
