"""CFG010 live on the shared PostgreSQL 15 cluster: pageinspect created at 1.10 while the packages
provide 1.11 is named with both versions; ALTER EXTENSION … UPDATE clears it."""

from __future__ import annotations

import pytest

from checks.config._live import check, objects, pg_monitor_for, row
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG010"


def test_old_extension_version_until_updated(cfg_pg):
    mon = pg_monitor_for(cfg_pg, CODE)
    assert check(mon, CODE, record="healthy", expect="OK").outcome is Outcome.OK
    cfg_pg.sql("CREATE EXTENSION pageinspect VERSION '1.10'")
    try:
        old = check(mon, CODE, record="outdated", expect="WARNING", contains="pageinspect 1.10 (packages provide 1.11)")
        assert old.outcome is Outcome.WARNING and objects(old) == {"pageinspect": "WARNING"}, old.message.en
        assert old.database == "postgres" and row(old, name="pageinspect")["default_version"] == "1.11"
        cfg_pg.sql("ALTER EXTENSION pageinspect UPDATE")
        assert check(mon, CODE).outcome is Outcome.OK
    finally:
        cfg_pg.sql("DROP EXTENSION IF EXISTS pageinspect")
