"""BAK006 on private mariadbd servers: a lone primary with a binary log, then a real replica of it.

gtid_strict_mode OFF (MariaDB's default) is fine on a standalone server and a WARNING once
replication runs, on the primary (a replica reads its binlog) and on the replica. Without a binary
log the check does not apply.
"""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "BAK006"
MON, PW = "dbp_mon_bak006", "pw-bak006"


def monitor(server):
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"
    server.sql(f"CREATE USER IF NOT EXISTS '{MON}'@'%' IDENTIFIED BY '{PW}'")
    return server


def check(server):
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON, PW)) as s:
        return run(s, CODE)


def test_strict_mode_matters_once_replication_runs(mariadb_servers):
    primary = monitor(mariadb_servers({"log-bin": None, "server-id": "61"}))
    lone = check(primary)
    assert lone.outcome is Outcome.OK and lone.evidence[0]["replicas_connected"] == 0, lone.message.en
    assert lone.evidence[0]["gtid_consistency"] == "gtid_strict_mode OFF" and "nothing to diverge" in lone.message.en

    replica = mariadb_servers({"log-bin": None, "server-id": "62"})
    try:
        replica.replica_of(primary)
        monitor(replica)  # created on the replica itself (CREATE USER on the primary replicates too: IF NOT EXISTS)
        wait_for(lambda: check(primary).evidence[0]["replicas_connected"] == 1, timeout_s=30, what="the replica to connect")
        on_primary = check(primary)
        assert on_primary.outcome is Outcome.WARNING, on_primary.message.en
        assert "1 replica(s) connected" in on_primary.message.en and "gtid_strict_mode OFF" in on_primary.message.en
        on_replica = check(replica)
        assert on_replica.outcome is Outcome.WARNING and on_replica.evidence[0]["replication_threads"] == 1

        primary.sql("SET GLOBAL gtid_strict_mode = ON")
        strict = check(primary)
        assert strict.outcome is Outcome.OK and strict.evidence[0]["gtid_enforced"] == 1, strict.message.en
        assert "GTIDs enforced" in strict.message.en

        replica.options.pop("log-bin")
        replica.restart()
        no_binlog = check(replica)
        assert no_binlog.outcome is Outcome.SKIPPED and no_binlog.skip_reason == "not_applicable"
        assert "binary log is off" in no_binlog.message.en
    finally:
        replica.destroy()
        primary.destroy()
