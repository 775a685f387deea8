"""CFG034 live on the shared private mariadbd (checks/config/conftest.py): equal limits pass, a
tmp_table_size of 64 MB over the 16 MB max_heap_table_size is capped (MEMORY tables on MariaDB)."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG034"


def test_tmp_table_size_above_max_heap(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
    cfg_maria.sql("SET GLOBAL tmp_table_size = 64 * 1024 * 1024")
    try:
        capped = check(mon, CODE, record="capped", expect="WARNING", contains="capped at 16 MB")
        assert capped.outcome is Outcome.WARNING, capped.message.en
        assert "tmp_table_size 64 MB is above max_heap_table_size 16 MB" in capped.message.en
        assert capped.evidence[0]["tmp_table_size"] == 64 * 1024 * 1024
    finally:
        cfg_maria.sql("SET GLOBAL tmp_table_size = DEFAULT")
