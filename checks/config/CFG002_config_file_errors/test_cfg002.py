"""CFG002 live, on the shared private PostgreSQL 15 cluster: an unknown parameter appended to
postgresql.auto.conf (as a hand edit or a library's setting without its library would leave it) is a
CRITICAL error naming the line; a setting merely waiting for a restart is not an error here (CFG001)."""

from __future__ import annotations

import os

import pytest

from checks.config._live import check, objects, pg_monitor_for, pg_reset, pg_set
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG002"


def test_unknown_parameter_in_the_file_is_critical(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    pg_set(cfg_pg, shared_buffers="64MB")  # pending restart: "setting could not be applied", not a file error
    auto = os.path.join(cfg_pg.data, "postgresql.auto.conf")
    try:
        healthy = check(mon, CODE, record="healthy", expect="OK")
        assert healthy.outcome is Outcome.OK and not healthy.evidence, healthy.message.en

        with open(auto, "a") as f:
            f.write("dbp_typo_work_mem = '64MB'\n")
        broken = check(mon, CODE, record="unknown-parameter", expect="CRITICAL", contains="the next restart fails")
        assert broken.outcome is Outcome.CRITICAL and objects(broken) == {"dbp_typo_work_mem": "CRITICAL"}
        r = broken.evidence[0]
        assert (r["setting"], r["sourcefile"], r["error"]) == ("64MB", auto, "unrecognized configuration parameter")
        assert f"{auto} line {r['sourceline']}" in broken.message.en
    finally:
        with open(auto) as f:  # ALTER SYSTEM keeps a line it does not know: take it out by hand
            kept = [line for line in f if not line.startswith("dbp_typo_")]
        with open(auto, "w") as f:
            f.writelines(kept)
        pg_reset(cfg_pg, "shared_buffers")
    assert check(mon, CODE).outcome is Outcome.OK
