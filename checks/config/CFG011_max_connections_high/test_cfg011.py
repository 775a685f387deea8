"""CFG011 live on the shared PostgreSQL 15 cluster: 100 (the default) passes, 400 (a restart) warns."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG011"


def test_400_connections_warn(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
    try:
        pg_set(cfg_pg, restart=True, max_connections="400")
        high = check(mon, CODE, record="high", expect="WARNING", contains="max_connections = 400 (expected ≤ 299)")
        assert high.outcome is Outcome.WARNING and objects(high) == {"max_connections": "WARNING"}, high.message.en
    finally:
        pg_reset(cfg_pg, "max_connections", restart=True)
