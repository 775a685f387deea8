"""CFG041 live on the shared private mariadbd: a fresh server is within its limits; with table_open_cache
at 10 and 40 tables read in turn 30 times (1,200 opens) the cache hit rate falls under 20 %. The
open-files and definition-cache rules are judged from fixtures (a server cannot be brought near its
open_files_limit cheaply)."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG041"


def test_table_cache_thrashing(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
    cfg_maria.sql("CREATE DATABASE IF NOT EXISTS dbp_cfg041")
    eng = cfg_maria.engine()
    try:
        with eng.connect() as c:
            for i in range(40):
                c.exec_driver_sql(f"CREATE TABLE dbp_cfg041.t{i} (id INT PRIMARY KEY) ENGINE=InnoDB")
            c.exec_driver_sql("SET GLOBAL table_open_cache = 10")
            c.exec_driver_sql("FLUSH STATUS")  # count this test's opens only (FLUSH STATUS zeroes the hit/miss counters)
            for _ in range(30):
                for i in range(40):
                    c.exec_driver_sql(f"SELECT COUNT(*) FROM dbp_cfg041.t{i}").scalar()
        thrash = check(mon, CODE, record="thrashing", expect="WARNING", contains="table_open_cache 10 is too small")
        assert thrash.outcome is Outcome.WARNING, thrash.message.en
        assert thrash.evidence[0]["cache_misses"] > thrash.evidence[0]["cache_hits"]
    finally:
        with eng.connect() as c:
            c.exec_driver_sql("SET GLOBAL table_open_cache = DEFAULT")
            c.exec_driver_sql("DROP DATABASE dbp_cfg041")
        eng.dispose()
