"""CFG001 live, on the shared private PostgreSQL 15 cluster (checks/config/conftest.py): ALTER SYSTEM
SET shared_buffers and max_connections plus a reload leaves both pending_restart; the restart applies
them and the finding clears."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG001"


def test_pending_restart_named_until_the_restart(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK

    pg_set(cfg_pg, shared_buffers="64MB", max_connections="90")
    try:
        pending = check(mon, CODE, record="pending", expect="WARNING", contains="changed in the configuration files")
        assert pending.outcome is Outcome.WARNING, pending.message.en
        assert objects(pending) == {"max_connections": "WARNING", "shared_buffers": "WARNING"}
        assert row(pending, name="shared_buffers")["shown"] == "128MB"  # still running with the old value
        assert row(pending, name="max_connections")["setting"] == "100"
        assert "shared_buffers (still running with 128MB)" in pending.message.en or "max_connections (still" in pending.message.en
        assert "2 setting(s)" in pending.message.en and "2 项设置" in pending.message.zh
    finally:
        pg_reset(cfg_pg, "shared_buffers", "max_connections")
    # reset in the file and reloaded: the running value is the file's again, nothing waits
    assert check(mon, CODE).outcome is Outcome.OK

    pg_set(cfg_pg, restart=True, shared_buffers="64MB")  # applied by the restart
    try:
        assert check(mon, CODE).outcome is Outcome.OK
    finally:
        pg_reset(cfg_pg, "shared_buffers", restart=True)
