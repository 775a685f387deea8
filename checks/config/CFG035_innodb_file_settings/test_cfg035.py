"""CFG035 live on the shared private mariadbd: MariaDB 10.11's defaults (file per table, strict mode,
O_DIRECT) pass; both switches turned off are named with their values."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for, objects
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG035"


def test_switches_off(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    healthy = check(mon, CODE, record="healthy", expect="OK")
    assert healthy.outcome is Outcome.OK and {r["name"]: r["setting"] for r in healthy.evidence}["innodb_flush_method"] == "O_DIRECT"
    cfg_maria.sql("SET GLOBAL innodb_file_per_table = OFF")
    cfg_maria.sql("SET GLOBAL innodb_strict_mode = OFF")
    try:
        off = check(mon, CODE, record="off", expect="WARNING", contains="innodb_file_per_table = OFF (expected ON)")
        assert objects(off) == {"innodb_file_per_table": "WARNING", "innodb_strict_mode": "WARNING"}, off.message.en
    finally:
        cfg_maria.sql("SET GLOBAL innodb_file_per_table = ON")
        cfg_maria.sql("SET GLOBAL innodb_strict_mode = ON")
