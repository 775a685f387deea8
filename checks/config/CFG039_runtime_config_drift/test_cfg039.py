"""CFG039 live on the private replica of checks/config/conftest.py, where nothing was set at runtime (the
shared source carries the SET GLOBALs of the other config tests, and MariaDB never forgets a variable's
runtime origin; the replication positions it sets are in the ignored list): nothing set at runtime passes; a
SET GLOBAL leaves the variable's origin SQL (the running value is not the configuration's), named with
its value. Set back to DEFAULT, MariaDB still reports origin SQL — the compiled-in default may differ
from the configuration file's value, which SQL cannot read — so it is still named. MySQL 8's
variables_info (when and who) is judged from fixtures."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for, objects, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG039"


def test_set_global_is_drift(cfg_maria_replica):
    server = cfg_maria_replica
    mon = my_monitor_for(server, CODE)
    clean = check(mon, CODE, record="healthy", expect="OK")
    assert clean.outcome is Outcome.OK, clean.message.en
    server.sql("SET GLOBAL max_connections = 77")
    drift = check(mon, CODE, record="set-global", expect="WARNING", contains="max_connections = 77")
    assert objects(drift) == {"max_connections": "WARNING"}, drift.message.en
    assert row(drift, name="max_connections")["source"] == "SQL" and "a restart reverts them" in drift.message.en
    server.sql("SET GLOBAL max_connections = DEFAULT")
    reset = check(mon, CODE)
    assert objects(reset) == {"max_connections": "WARNING"} and row(reset, name="max_connections")["setting"] == "151"
