"""CFG005 live on the shared private PostgreSQL 15 cluster: the defaults (0.2 / 0.1 scale factors) are
flagged, tuned values pass, and autovacuum = off is CRITICAL."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG005"
TUNED = {"autovacuum_vacuum_scale_factor": "0.05", "autovacuum_analyze_scale_factor": "0.02"}


def test_defaults_flagged_tuned_pass_off_critical(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    defaults = check(mon, CODE, record="defaults", expect="WARNING", contains="autovacuum_analyze_scale_factor = 0.1 (expected ≤ 0.05)")
    assert defaults.outcome is Outcome.WARNING, defaults.message.en
    assert objects(defaults) == {"autovacuum_vacuum_scale_factor": "WARNING", "autovacuum_analyze_scale_factor": "WARNING"}
    assert row(defaults, name="autovacuum_analyze_scale_factor")["expected"] == "≤ 0.05"
    try:
        pg_set(cfg_pg, **TUNED)
        tuned = check(mon, CODE, record="tuned", expect="OK")
        assert tuned.outcome is Outcome.OK, tuned.message.en
        pg_set(cfg_pg, autovacuum="off")
        off = check(mon, CODE, record="off", expect="CRITICAL", contains="autovacuum = off (expected on)")
        assert off.outcome is Outcome.CRITICAL and objects(off) == {"autovacuum": "CRITICAL"}, off.message.en
    finally:
        pg_reset(cfg_pg, "autovacuum", *TUNED)
