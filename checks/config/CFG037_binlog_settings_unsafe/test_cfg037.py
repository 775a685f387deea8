"""CFG037 live on the shared private mariadbd (binary log on): MariaDB's default MIXED format is
flagged; ROW passes; MINIMAL row images and no checksums are each named."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for, objects
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG037"


def test_mixed_then_row_then_minimal_unchecked(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    mixed = check(mon, CODE, record="mixed", expect="WARNING", contains="binlog_format = MIXED (expected ROW)")
    assert objects(mixed) == {"binlog_format": "WARNING"}, mixed.message.en
    try:
        cfg_maria.sql("SET GLOBAL binlog_format = 'ROW'")
        assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
        cfg_maria.sql("SET GLOBAL binlog_row_image = 'MINIMAL'")
        cfg_maria.sql("SET GLOBAL binlog_checksum = 'NONE'")
        two = check(mon, CODE)
        assert objects(two) == {"binlog_row_image": "WARNING", "binlog_checksum": "WARNING"}, two.message.en
    finally:
        for v in ("binlog_format", "binlog_row_image", "binlog_checksum"):
            cfg_maria.sql(f"SET GLOBAL {v} = DEFAULT")
