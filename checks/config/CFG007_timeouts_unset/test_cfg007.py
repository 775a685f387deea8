"""CFG007 live on the shared PostgreSQL 15 cluster: the defaults leave all three timeouts at 0 (each
named, though the monitoring session itself runs with timeouts); a per-role statement_timeout covers
that one; server-wide timeouts clear the others, and a role setting lock_timeout back to 0 is named."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG007"


def test_unset_then_per_role_then_server_wide(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    unset = check(mon, CODE, record="defaults", expect="WARNING", contains="for the server (default)")
    assert objects(unset) == {"idle_in_transaction_session_timeout.server": "WARNING", "lock_timeout.server": "WARNING",
                              "statement_timeout.server": "WARNING"}, unset.message.en
    assert row(unset, name="lock_timeout")["setting"] == "0"
    cfg_pg.sql("CREATE ROLE dbp_cfg007_app LOGIN")
    try:
        cfg_pg.sql("ALTER ROLE dbp_cfg007_app SET statement_timeout = '30s'")
        pg_set(cfg_pg, idle_in_transaction_session_timeout="5min", lock_timeout="10s")
        assert check(mon, CODE, record="set", expect="OK").outcome is Outcome.OK
        cfg_pg.sql("ALTER ROLE dbp_cfg007_app SET lock_timeout = 0")
        off = check(mon, CODE, record="role-disabled", expect="WARNING", contains="for the role dbp_cfg007_app")
        assert objects(off) == {"lock_timeout.role dbp_cfg007_app": "WARNING"}, off.message.en
    finally:
        cfg_pg.sql("DROP ROLE dbp_cfg007_app")
        pg_reset(cfg_pg, "idle_in_transaction_session_timeout", "lock_timeout")
