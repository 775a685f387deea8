"""CFG014 live on the shared private PostgreSQL 15 cluster with a snapshot store of the test's own: no
store (an inspection outside a flow) is not applicable; a snapshot, work_mem 4MB (its default: not in the first snapshot) → 8MB and
log_line_prefix changed with a reload, another snapshot: both named with old → new (the new log_line_prefix
as a hash: stored text is not kept) and when, and the reload inside the window; a window that starts after the
change has none."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.config._live import check, check_stored, objects, pg_monitor_for, pg_reset, pg_set, row, sample
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG014"


def test_changes_between_snapshots(cfg_pg, tmp_path):
    mon = pg_monitor_for(cfg_pg, CODE)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    nostore = check(mon, CODE)
    assert nostore.outcome is Outcome.SKIPPED and "no snapshot store" in nostore.message.en
    first = sample(mon, url, "pg")
    try:
        pg_set(cfg_pg, work_mem="8MB", log_line_prefix="%%m [%%p] %%u@%%d ")
        second = sample(mon, url, "pg")
        win = (first - dt.timedelta(minutes=1), dt.datetime.now(dt.timezone.utc))
        drift = check_stored(mon, CODE, url, "pg", win, record="changed", expect="WARNING",
                             contains="work_mem 4096 (default) → 8192")
        assert objects(drift) == {"log_line_prefix": "WARNING", "work_mem": "WARNING"}, drift.message.en
        wm = row(drift, name="work_mem")
        assert (wm["old_value"], wm["new_value"]) == ("4096 (default)", "8192")  # the first snapshot had no work_mem
        assert wm["changed_after"] <= wm["changed_by"] <= second.isoformat()[:19] + "Z"
        llp = row(drift, name="log_line_prefix")  # the default's text is known; a stored text value only as its hash
        assert llp["old_value"] == "%m [%p]  (default)" and llp["new_value"].startswith("text #")
        assert row(drift, kind="reload") is not None  # pg_conf_load_time() inside the window
        later = (second + dt.timedelta(seconds=1), dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
        sample(mon, url, "pg")
        calm = check_stored(mon, CODE, url, "pg", later, record="unchanged", expect="OK")
        assert calm.outcome is Outcome.OK, calm.message.en
    finally:
        pg_reset(cfg_pg, "work_mem", "log_line_prefix")
