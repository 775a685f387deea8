"""CFG033 live on the shared private mariadbd: the default 96 MB redo log is 300 % of the 32 MB pool;
shrunk online to 4 MB (MariaDB 10.9+; the server runs with a 2 MB log buffer, which the redo log must
not be smaller than) it is 12.5 %, under 20 %. The write-rate rule needs an hour of uptime: judged from
fixtures."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG033"


def test_redo_shrunk_below_a_fifth_of_the_pool(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    ok = check(mon, CODE, record="healthy", expect="OK")
    assert ok.outcome is Outcome.OK and "The redo log (96 MB) is 300 %" in ok.message.en, ok.message.en
    try:
        cfg_maria.sql("SET GLOBAL innodb_log_file_size = 4 * 1024 * 1024")
        small = check(mon, CODE, record="small", expect="WARNING", contains="The redo log (4 MB) is 12.5 %")
        assert small.outcome is Outcome.WARNING, small.message.en
    finally:
        cfg_maria.sql("SET GLOBAL innodb_log_file_size = 96 * 1024 * 1024")
