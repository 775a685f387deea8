"""BAK005 on a private mariadbd started with --log-bin --innodb-flush-log-at-trx-commit=2 --sync-binlog=0.

Both settings are relaxed for real; each is named with its value. innodb_flush_log_at_trx_commit=3
is durable on MariaDB (accepted). Without a binary log sync_binlog does not matter (not judged).
"""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "BAK005"
MON, PW = "dbp_mon_bak005", "pw-bak005"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers({"log-bin": None, "server-id": "51", "innodb-flush-log-at-trx-commit": "2", "sync-binlog": "0"})
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    yield s
    s.destroy()


def check(server):
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON, PW)) as s:
        return run(s, CODE)


def test_both_settings_relaxed_then_durable(server):
    relaxed = check(server)
    assert relaxed.outcome is Outcome.WARNING, relaxed.message.en
    assert {r["name"]: r["setting"] for r in relaxed.evidence} == {"innodb_flush_log_at_trx_commit": "2", "sync_binlog": "0"}
    assert {o.key for o in relaxed.objects} == {"innodb_flush_log_at_trx_commit", "sync_binlog"}
    assert "innodb_flush_log_at_trx_commit = 2 (expected 1 | 3)" in relaxed.message.en
    assert "2 setting(s) relaxed" in relaxed.message.en and "共 2 项设置被放宽" in relaxed.message.zh

    server.sql("SET GLOBAL innodb_flush_log_at_trx_commit = 3")  # durable on MariaDB
    only_binlog = check(server)
    assert only_binlog.outcome is Outcome.WARNING and [o.key for o in only_binlog.objects] == ["sync_binlog"]
    assert "sync_binlog = 0 with the binary log on" in only_binlog.message.en

    server.sql("SET GLOBAL sync_binlog = 1")
    durable = check(server)
    assert durable.outcome is Outcome.OK and not durable.objects, durable.message.en
    assert "commits are durable" in durable.message.en


def test_sync_binlog_does_not_matter_without_a_binary_log(server):
    server.options.pop("log-bin")  # the last test of the module: the server is not restored
    server.restart()  # back to the start options: flush 2 and sync_binlog 0, no binary log
    finding = check(server)
    assert {r["name"]: r["setting"] for r in finding.evidence} == {"innodb_flush_log_at_trx_commit": "2"}
    assert finding.outcome is Outcome.WARNING and [o.key for o in finding.objects] == ["innodb_flush_log_at_trx_commit"]
    server.sql("SET GLOBAL innodb_flush_log_at_trx_commit = 1")
    finding = check(server)
    assert finding.outcome is Outcome.OK, finding.message.en  # sync_binlog is still 0: not judged
