"""CFG038 live: the private replica of the shared config mariadbd (checks/config/conftest.py)
with MariaDB's defaults is writable, unlogged and single-threaded; set as a replica should be, it passes.
The source itself is no replica: not applicable."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for, objects
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(180)

CODE = "CFG038"


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
