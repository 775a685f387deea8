"""CFG033 live on the shared private mariadbd: the default 96 MB redo log is 300 % of the 32 MB pool;
with the pool grown to 128 MB and the redo log shrunk to 16 MB (both online on MariaDB 10.11) it is
12.5 %, under 20 %. The write-rate rule needs an hour of uptime: judged from fixtures."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome
from tests.live import wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "CFG033"


def test_redo_shrunk_below_a_fifth_of_the_pool(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    ok = check(mon, CODE, record="healthy", expect="OK")
    assert ok.outcome is Outcome.OK and "The redo log (96 MB) is 300 %" in ok.message.en, ok.message.en
    try:
        cfg_maria.sql("SET GLOBAL innodb_buffer_pool_size = 128 * 1024 * 1024")
        cfg_maria.sql("SET GLOBAL innodb_log_file_size = 16 * 1024 * 1024")
        wait_for(lambda: cfg_maria.sql("SELECT @@innodb_log_file_size, @@innodb_buffer_pool_size")[0]
                 == (16 * 1024 * 1024, 128 * 1024 * 1024), what="the resizes")
        small = check(mon, CODE, record="small", expect="WARNING", contains="The redo log (16 MB) is 12.5 %")
        assert small.outcome is Outcome.WARNING, small.message.en
    finally:
        cfg_maria.sql("SET GLOBAL innodb_log_file_size = 96 * 1024 * 1024")
        cfg_maria.sql("SET GLOBAL innodb_buffer_pool_size = 32 * 1024 * 1024")
        wait_for(lambda: cfg_maria.sql("SELECT @@innodb_buffer_pool_size")[0][0] == 32 * 1024 * 1024, what="the pool")
