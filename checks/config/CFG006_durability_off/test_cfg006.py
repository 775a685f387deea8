"""CFG006 live: the shared PostgreSQL 15 cluster runs with fsync = off (tests/servers.py starts private
clusters so) and without data checksums; the PostgreSQL 18 one with fsync on and checksums (initdb
18's default) is healthy until synchronous_commit = off and zero_damaged_pages = on are planted."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG006"


def test_fsync_off_and_no_checksums_on_15(cfg_pg):
    finding = check(pg_monitor_for(cfg_pg, CODE), CODE, record="fsync-off", expect="CRITICAL",
                    contains="fsync = off (expected on)")
    assert finding.outcome is Outcome.CRITICAL, finding.message.en
    assert objects(finding) == {"fsync": "CRITICAL", "data_checksums": "WARNING"}
    assert row(finding, name="fsync")["source"] == "command line"
    assert "2 setting(s) at fault" in finding.message.en


def test_crash_safe_18_then_relaxed(cfg_pg18):
    mon = pg_monitor_for(cfg_pg18, CODE)
    safe = check(mon, CODE, record="healthy", expect="OK")
    assert safe.outcome is Outcome.OK, safe.message.en
    try:
        pg_set(cfg_pg18, synchronous_commit="off")
        lose = check(mon, CODE, record="synchronous-commit-off", expect="WARNING",
                     contains="synchronous_commit = off (expected on | remote_apply | remote_write | local)")
        assert lose.outcome is Outcome.WARNING and objects(lose) == {"synchronous_commit": "WARNING"}
        pg_set(cfg_pg18, zero_damaged_pages="on")
        hidden = check(mon, CODE)
        assert hidden.outcome is Outcome.CRITICAL and "zero_damaged_pages = on (expected off)" in hidden.message.en
    finally:
        pg_reset(cfg_pg18, "synchronous_commit", "zero_damaged_pages")
    assert check(mon, CODE).outcome is Outcome.OK
