"""CFG004 live on the shared PostgreSQL 15 cluster: without a declared host RAM it is not applicable
(the database cannot see the host's memory; never an OK); with host_ram_mb = 512 and a small work_mem
the defaults fit (128 MB shared_buffers = 25 %); the default 4 MB work_mem x 100 connections x 2 then
commits more than the RAM (CRITICAL), and 4 GB of RAM makes 128 MB shared_buffers too small."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG004"


def test_against_the_declared_ram(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    unknown = check(mon, CODE, record="ram-unknown", expect="SKIPPED")
    assert unknown.outcome is Outcome.SKIPPED and unknown.skip_reason == "not_applicable"
    assert unknown.message.en.startswith("not applicable: the host's RAM is unknown"), unknown.message.en
    try:
        pg_set(cfg_pg, work_mem="64kB")
        fits = check(mon, CODE, {"host_ram_mb": {"value": 512}}, record="fits", expect="OK")
        assert fits.outcome is Outcome.OK and "shared_buffers 128 MB is 25 % (within 20-80 %)" in fits.message.en, fits.message.en
        pg_reset(cfg_pg, "work_mem")  # 4 MB: 128 MB + 100 x 2 x 4 MB + 3 x 64 MB = 1120 MB
        over = check(mon, CODE, {"host_ram_mb": {"value": 512}}, record="overcommitted", expect="CRITICAL",
                     contains="the settings can commit 1.1 GB")
        assert over.outcome is Outcome.CRITICAL and objects(over) == {"committed memory": "CRITICAL"}, over.message.en
        assert row(over, name="committed memory")["ram_pct"] == 218.8
        small = check(mon, CODE, {"host_ram_mb": {"value": 4096}})
        assert objects(small) == {"shared_buffers": "WARNING"} and "3.1 % of 4.0 GB" in small.message.en
    finally:
        pg_reset(cfg_pg, "work_mem")
