"""CFG038 live: the private replica of the shared config mariadbd (checks/config/conftest.py)
with MariaDB's defaults is writable, unlogged and single-threaded; set as a replica should be, it passes.
The source itself is no replica: not applicable."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.config._live import check, my_monitor_for, objects
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(180)

CODE = "CFG038"
CFG_DIR = Path(__file__).parent


def test_replica_defaults_then_hardened(cfg_maria, cfg_maria_replica):
    assert check(my_monitor_for(cfg_maria, CODE), CODE).outcome is Outcome.SKIPPED  # a source, not a replica
    replica = cfg_maria_replica
    mon = my_monitor_for(replica, CODE)
    defaults = check(mon, CODE, record="defaults", expect="CRITICAL", contains="read_only = OFF on a replica")
    assert objects(defaults) == {"read_only": "CRITICAL", "log_slave_updates": "WARNING",
                                 "slave_parallel_threads": "WARNING"}, defaults.message.en
    replica.options.update({"read-only": None, "log-slave-updates": None, "slave-parallel-threads": "4"})
    replica.restart()  # log_slave_updates is not dynamic; the replica threads start again by themselves
    hardened = check(mon, CODE, record="hardened", expect="OK")
    assert hardened.outcome is Outcome.OK, hardened.message.en


def test_read_only_read_as_text(cfg_maria_replica):
    """MariaDB 12.0.1+ (MDEV-36425) answers @@read_only with ENUM text (ON, NO_LOCK, NO_LOCK_NO_ADMIN); as a
    number that text is 0, so IF(@@global.read_only, 'ON', 'OFF') read every read-only 12.x replica as 'OFF'
    (a false CRITICAL). No 12.x server here: this server shows the number rule, the SQL reads the text (10.11:
    'ON' / 'OFF'), and fixtures/mariadb-12-no-lock.yaml the 12.x values."""
    sql = "\n".join(ln for ln in (CFG_DIR / "mariadb.sql").read_text().splitlines() if not ln.startswith("--"))
    assert "IF(@@global.read_only" not in sql
    assert cfg_maria_replica.sql("SELECT IF('NO_LOCK_NO_ADMIN', 'ON', 'OFF'), IF('ON', 'ON', 'OFF')")[0] == ("OFF", "OFF")
    assert cfg_maria_replica.sql("SELECT UPPER(CAST(@@global.read_only AS CHAR))")[0][0] in ("ON", "OFF")
