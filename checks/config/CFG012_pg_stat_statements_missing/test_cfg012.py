"""CFG012 and CFG013 live on the shared PostgreSQL 18 cluster: pg_stat_statements not loaded (CFG012
WARNING; CFG013 not applicable), loaded but not created in the database, then loaded, created and
tracking (OK); with pg_stat_statements.max = 100 and 150 distinct statements it is full and has
evicted entries (CFG013 WARNING). The library is unloaded again at the end (a restart)."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)


def test_loaded_created_tracking_then_full(cfg_pg18):
    mon, mon13 = pg_monitor_for(cfg_pg18, "CFG012"), pg_monitor_for(cfg_pg18, "CFG013")
    absent = check(mon, "CFG012", record="not-loaded", expect="WARNING", contains="pg_stat_statements is not loaded")
    assert objects(absent) == {"shared_preload_libraries": "WARNING"}, absent.message.en
    skipped = check(mon13, "CFG013")
    assert skipped.outcome is Outcome.SKIPPED and "pg_stat_statements is not in shared_preload_libraries" in skipped.message.en
    try:
        pg_set(cfg_pg18, restart=True, shared_preload_libraries="pg_stat_statements", **{"pg_stat_statements.max": "100"})
        uncreated = check(mon, "CFG012", record="not-created", expect="WARNING", contains="extension is not created")
        assert objects(uncreated) == {"extension": "WARNING"}
        cfg_pg18.sql("CREATE EXTENSION pg_stat_statements")
        assert check(mon, "CFG012", record="healthy", expect="OK").outcome is Outcome.OK
        fresh = check(mon13, "CFG013", record="room", expect="OK")
        assert fresh.outcome is Outcome.OK and fresh.evidence[0]["dealloc"] == 0, fresh.message.en
        for i in range(150):  # distinct statements (constants are normalised; the shape is not): a new entry each
            cfg_pg18.sql("SELECT " + " + ".join(["1"] * (i + 1)))
        full = check(mon13, "CFG013", record="evicting", expect="WARNING", contains="pg_stat_statements evicted")
        assert full.outcome is Outcome.WARNING and full.evidence[0]["dealloc"] >= 1, full.message.en
        assert "pg_stat_statements evicted" in full.message.en  # the evictions decide, not only the fill
        assert full.evidence[0]["max_entries"] == 100 and full.since is not None
        pg_set(cfg_pg18, **{"pg_stat_statements.track": "none"})
        off = check(mon, "CFG012")
        assert objects(off) == {"pg_stat_statements.track": "WARNING"} and "track = none" in off.message.en
    finally:
        cfg_pg18.sql("DROP EXTENSION IF EXISTS pg_stat_statements")
        pg_reset(cfg_pg18, "pg_stat_statements.track", "pg_stat_statements.max", "shared_preload_libraries", restart=True)
