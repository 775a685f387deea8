"""CFG008 live on the shared PostgreSQL 15 cluster: its defaults leave slow statements, lock waits and
temporary files unlogged (checkpoints and autovacuum are logged by default from 15); set, all pass; a
threshold of 0 (every statement) and one above 10 s are flagged."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG008"
LOGGED = {"log_min_duration_statement": "2s", "log_lock_waits": "on", "log_temp_files": "0"}


def test_defaults_then_logged_then_out_of_bounds(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    defaults = check(mon, CODE, record="defaults", expect="WARNING", contains="log_lock_waits = off (expected on)")
    assert objects(defaults) == {"log_min_duration_statement": "WARNING", "log_lock_waits": "WARNING",
                                 "log_temp_files": "WARNING"}, defaults.message.en
    assert row(defaults, name="log_temp_files")["setting"] == "-1"
    try:
        pg_set(cfg_pg, **LOGGED)
        assert check(mon, CODE, record="logged", expect="OK").outcome is Outcome.OK
        pg_set(cfg_pg, log_min_duration_statement="0")
        every = check(mon, CODE)
        assert objects(every) == {"log_min_duration_statement": "WARNING"} and "= 0 (expected ≥ 1 ms)" in every.message.en
        pg_set(cfg_pg, log_min_duration_statement="30s")
        high = check(mon, CODE)
        assert "log_min_duration_statement = 30s (expected ≤ 10000 ms)" in high.message.en
        pg_set(cfg_pg, log_checkpoints="off")
        assert "log_checkpoints" in objects(check(mon, CODE))
    finally:
        pg_reset(cfg_pg, "log_checkpoints", *LOGGED)
