"""Live servers the configuration checks (CFG…) share: one private PostgreSQL 15 cluster (Debian's
binaries), one PostgreSQL 18 cluster (tests/servers.py pg18_bin) and one private mariadbd, each
started once per test session for every CFG test module. A test plants its misconfiguration with
ALTER SYSTEM / SET GLOBAL (or a restart with other options) and puts the healthy value back before
it ends, so the modules do not see each other's settings. The shared servers on 5432 / 3306 are never
touched: server settings are instance-wide and every other test running there would see them.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cfg_pg(pg_clusters):
    return pg_clusters()


@pytest.fixture(scope="session")
def cfg_pg18(pg_clusters):
    from tests.servers import pg18_bin

    return pg_clusters({"fsync": "on"}, bin=pg18_bin())  # fsync on and (initdb 18's default) data checksums


@pytest.fixture(scope="session")
def cfg_maria(mariadb_servers):
    # a 2 MB log buffer lets CFG033 shrink the redo log to 4 MB (it must stay at least the log buffer)
    return mariadb_servers({"log-bin": None, "server-id": "71", "innodb-log-buffer-size": "2M"})


@pytest.fixture(scope="session")
def cfg_maria_replica(cfg_maria, mariadb_servers):
    """A private mariadbd replicating from cfg_maria, with MariaDB's defaults and nothing set at runtime:
    CFG038 judges its replica settings (then restarts it with hardened options), CFG039 its runtime origins."""
    from tests.live import wait_for

    replica = mariadb_servers({"server-id": "72"})
    replica.replica_of(cfg_maria)
    wait_for(lambda: replica.sql("SHOW SLAVE STATUS")[0][10] == "Yes", 30, "the replica's SQL thread")
    return replica
