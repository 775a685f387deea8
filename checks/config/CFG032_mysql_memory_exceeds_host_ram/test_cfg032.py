"""CFG032 live on the shared private mariadbd: without a declared RAM it is not applicable; against
4 GB its defaults fit; against 256 MB the worst case (151 connections x per-thread buffers) does not,
and the 32 MB pool is still under 80 %; against 36 MB the pool itself is over 80 % (88.9 %)."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for, objects
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG032"


def test_against_the_declared_ram(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    unknown = check(mon, CODE, record="ram-unknown", expect="SKIPPED")
    assert unknown.outcome is Outcome.SKIPPED and unknown.message.en.startswith("not applicable: the host's RAM is unknown")
    fits = check(mon, CODE, {"host_ram_mb": {"value": 4096}}, record="fits", expect="OK")
    assert fits.outcome is Outcome.OK and "the buffer pool 32 MB is 0.8 %" in fits.message.en, fits.message.en
    over = check(mon, CODE, {"host_ram_mb": {"value": 256}}, record="worst-case", expect="CRITICAL",
                 contains="With all 151 connections busy")
    assert objects(over) == {"worst-case memory": "CRITICAL"}, over.message.en
    pool = check(mon, CODE, {"host_ram_mb": {"value": 36}})
    assert objects(pool)["innodb_buffer_pool_size"] == "WARNING"
    assert {r["name"]: r["ram_pct"] for r in pool.evidence}["innodb_buffer_pool_size"] == 88.9
