"""CFG031 live on the shared private mariadbd (32 MB buffer pool, tests/servers.py): a fresh server's
InnoDB data fits; a 40 MB InnoDB table does not."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG031"


def test_data_larger_than_the_pool(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
    cfg_maria.sql("CREATE DATABASE IF NOT EXISTS dbp_cfg031")
    try:
        cfg_maria.sql("CREATE TABLE dbp_cfg031.big (id INT PRIMARY KEY AUTO_INCREMENT, pad CHAR(255) NOT NULL) ENGINE=InnoDB")
        cfg_maria.sql("INSERT INTO dbp_cfg031.big (pad) SELECT REPEAT('x', 255) FROM seq_1_to_150000")
        cfg_maria.sql("ANALYZE TABLE dbp_cfg031.big")
        small = check(mon, CODE, record="small", expect="WARNING", contains="The buffer pool (32 MB) is")
        assert small.outcome is Outcome.WARNING, small.message.en
        assert small.evidence[0]["innodb_data_bytes"] > small.evidence[0]["buffer_pool_bytes"]
    finally:
        cfg_maria.sql("DROP DATABASE dbp_cfg031")
