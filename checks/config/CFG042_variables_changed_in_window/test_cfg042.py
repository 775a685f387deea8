"""CFG042 live on the shared private mariadbd with a snapshot store of the test's own: a snapshot, SET
GLOBAL max_connections = 120, another snapshot: named
with old → new and when; a window after it has none; no store: not applicable."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.config._live import check, check_stored, my_monitor_for, objects, row, sample
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG042"


def test_set_global_between_snapshots(cfg_maria, tmp_path):
    mon = my_monitor_for(cfg_maria, CODE)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert check(mon, CODE).outcome is Outcome.SKIPPED
    cfg_maria.sql("SET GLOBAL max_connections = 151")  # its origin becomes SQL: in the snapshot from now on
    first = sample(mon, url, "my")
    try:
        cfg_maria.sql("SET GLOBAL max_connections = 120")
        second = sample(mon, url, "my")
        win = (first - dt.timedelta(minutes=1), dt.datetime.now(dt.timezone.utc))
        drift = check_stored(mon, CODE, url, "my", win, record="changed", expect="WARNING",
                             contains="max_connections 151 → 120")
        assert objects(drift) == {"max_connections": "WARNING"}, drift.message.en
        assert row(drift, name="max_connections")["changed_by"] == second.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
        sample(mon, url, "my")
        later = (second + dt.timedelta(seconds=1), dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
        assert check_stored(mon, CODE, url, "my", later, record="unchanged", expect="OK").outcome is Outcome.OK
    finally:
        cfg_maria.sql("SET GLOBAL max_connections = DEFAULT")


def test_mysql8_variables_source_parses():
    """The MySQL 8 variables snapshot (checks/samples/mysql/variables.sql) cannot run here: parsed instead."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    from checks import samples

    text = (samples.HERE / "mysql" / "variables.sql").read_text()
    assert len([s for s in sqlglot.parse(text, read="mysql", error_level=ErrorLevel.RAISE) if s is not None]) == 1
