"""CFG040 live on the shared private mariadbd: mariadb-install-db loads no time zone tables and
time_zone is SYSTEM (both named); with an explicit '+00:00' and a zone row planted it passes."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG040"


def test_system_zone_and_no_tables_then_explicit(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    both = check(mon, CODE, record="defaults", expect="WARNING", contains="time_zone = SYSTEM (the host's UTC")
    assert both.outcome is Outcome.WARNING and both.evidence[0]["zone_names"] == 0, both.message.en
    assert "time_zone = SYSTEM (the host's UTC" in both.message.en and "the time zone tables are empty" in both.message.en
    cfg_maria.sql("INSERT INTO mysql.time_zone (Use_leap_seconds) VALUES ('N')")
    cfg_maria.sql("INSERT INTO mysql.time_zone_name (Name, Time_zone_id) VALUES ('Etc/UTC', LAST_INSERT_ID())")
    cfg_maria.sql("SET GLOBAL time_zone = '+00:00'")
    try:
        ok = check(mon, CODE, record="explicit", expect="OK")
        assert ok.outcome is Outcome.OK and "time_zone = +00:00" in ok.message.en, ok.message.en
    finally:
        cfg_maria.sql("SET GLOBAL time_zone = 'SYSTEM'")
        cfg_maria.sql("DELETE FROM mysql.time_zone_name WHERE Name = 'Etc/UTC'")
