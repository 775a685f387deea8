"""CFG003 live on the shared PostgreSQL 15 cluster: initdb leaves shared_buffers at the compiled-in
128 MB (flagged); an effective_cache_size below it and a work_mem whose worst case passes 200 GB are
flagged; a sized shared_buffers (a restart) with the other defaults passes."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG003"


def test_default_buffers_small_cache_and_huge_work_mem(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    default = check(mon, CODE, record="buffers-default", expect="WARNING", contains="is the compiled-in default")
    assert objects(default) == {"shared_buffers": "WARNING"} and row(default, name="shared_buffers")["shown"] == "128MB"
    try:
        pg_set(cfg_pg, effective_cache_size="64MB", work_mem="1GB")
        three = check(mon, CODE, record="inconsistent", expect="WARNING",
                      contains="effective_cache_size 64 MB < shared_buffers 128 MB")
        assert objects(three) == {"effective_cache_size": "WARNING", "shared_buffers": "WARNING", "work_mem": "WARNING"}
        assert row(three, name="work_mem")["detail"] == "work_mem 1.0 GB x max_connections 100 x 4 = 400.0 GB"
        pg_reset(cfg_pg, "effective_cache_size", "work_mem")
        pg_set(cfg_pg, restart=True, shared_buffers="256MB")
        sized = check(mon, CODE, record="healthy", expect="OK")
        assert sized.outcome is Outcome.OK and "shared_buffers 256MB" in sized.message.en, sized.message.en
    finally:
        pg_reset(cfg_pg, "effective_cache_size", "work_mem", "shared_buffers", restart=True)
