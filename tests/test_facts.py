"""Session facts on real servers: what a check's applicability is decided from.

The shared servers are a PostgreSQL primary without archiving and a MariaDB without a binary log;
a standby, archiving, a binary log and a replica come from private servers (tests/servers.py).
"""

from __future__ import annotations

import secrets

import pytest

from checks.adapters import ConnectTarget, open_session
from checks.facts import unmet

pytestmark = pytest.mark.timeout(180)


def pg(port: int, user: str = "postgres", db: str = "postgres"):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", port, db, user))


def my(port: int, user: str = "root", password: str | None = None):
    return open_session(ConnectTarget("mariadb", "127.0.0.1", port, None, user, password))


def test_pg_primary_facts_on_the_shared_server(pg_session):
    f = pg_session.facts
    assert f["role"] == "primary" and f["replica"] is False
    assert "plpgsql" in f["extensions"]
    assert isinstance(f["preload"], list)  # pg_monitor includes pg_read_all_settings
    assert unmet(("replica",), f) == ("not a replica (no replication source configured)", "非复制从库（未配置复制源）")
    assert unmet(("extension:plpgsql",), f) is None
    assert unmet(("extension:pg_stat_statements",), f)[0] == ("extension pg_stat_statements is not installed in database test "
                                                          "(CREATE EXTENSION pg_stat_statements there)")


def test_pg_standby_and_archiving_facts(pg_clusters):
    primary = pg_clusters({"wal_level": "replica", "archive_mode": "on", "archive_command": "/bin/true"})
    standby = pg_clusters.track(primary.standby())
    with pg(primary.port) as s:
        assert s.facts["role"] == "primary" and s.facts["archiving"] is True
    with pg(standby.port) as s:
        # archive_mode = on does not archive on a standby (only 'always' does)
        assert s.facts["role"] == "standby" and s.facts["replica"] is True and s.facts["archiving"] is False


def test_pg_facts_a_bare_login_cannot_see_degrade_to_unknown(pg_admin):
    user = "dbp_bare_" + secrets.token_hex(3)
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"CREATE ROLE {user} LOGIN")
    try:
        with pg(5432, user, "test") as s:
            assert s.facts["role"] == "primary"
            assert s.facts["preload"] is None  # shared_preload_libraries needs pg_read_all_settings
            assert s.missing_privileges("pg_monitor") == ["pg_monitor"]
            assert s.missing_privileges("login") == []
            assert s.facts["privileges"]["pg_monitor"] is False
    finally:
        with pg_admin.connect() as c:
            c.exec_driver_sql(f"DROP ROLE {user}")


def test_mariadb_facts_on_the_shared_server(my_session):
    f = my_session.facts
    assert f["binlog"] is False and f["replica"] is False and f["role"] == "primary"
    assert unmet(("binlog",), f)[0] == "the binary log is off (log_bin = OFF)"


def test_mariadb_replica_is_decided_by_replication_not_read_only(mariadb_servers):
    primary = mariadb_servers({"log-bin": None, "server-id": "11"})
    replica = mariadb_servers({"server-id": "12"})
    lone_read_only = mariadb_servers({"server-id": "13", "read-only": None})
    replica.replica_of(primary)
    with my(primary.port) as s:
        assert s.facts["binlog"] is True and s.facts["role"] == "primary"
    with my(replica.port) as s:
        assert s.facts["replica"] is True and s.facts["role"] == "standby"
    with my(lone_read_only.port) as s:
        assert s.facts["read_only"] is True
        assert s.facts["replica"] is False and s.facts["role"] == "primary"  # read_only alone is no replica
    # without SLAVE MONITOR the replication status cannot be read: unknown, not "primary"
    replica.sql("CREATE USER 'bare'@'127.0.0.1' IDENTIFIED BY 'pw-bare'")
    with my(replica.port, "bare", "pw-bare") as s:
        assert s.facts["replica"] is None and s.facts["role"] is None
        assert s.missing_privileges("PROCESS, SLAVE MONITOR") == ["PROCESS", "SLAVE MONITOR"]
        assert s.missing_privileges("USAGE") == []
