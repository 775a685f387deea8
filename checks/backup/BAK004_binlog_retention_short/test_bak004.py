"""BAK004 on a private mariadbd started with --log-bin --binlog-expire-logs-seconds=3600.

The retention is changed on that server only (SET GLOBAL, dynamic), through the boundary of the
">= 7 days" rule: 1 hour (CRITICAL), 6.5 days (WARNING), exactly 7 days (OK), never (OK). Restarted
without --log-bin, the check does not apply (SKIPPED).
"""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "BAK004"
MON, PW = "dbp_mon_bak004", "pw-bak004"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers({"log-bin": None, "server-id": "41", "binlog-expire-logs-seconds": "3600"})
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"  # nothing granted beyond login
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    yield s
    s.destroy()


def session(s):
    return open_session(ConnectTarget("mariadb", "127.0.0.1", s.port, None, MON, PW))


@pytest.mark.parametrize("seconds,outcome,days,message", [
    (3600, Outcome.CRITICAL, 3600 / 86400, "kept only"),
    (561600, Outcome.WARNING, 6.5, "kept only 6.5 days"),
    (604800, Outcome.OK, 7.0, "binary log kept 7 days"),
    (0, Outcome.OK, None, "never expires"),
])
def test_retention_through_the_seven_day_boundary(server, seconds, outcome, days, message):
    server.sql(f"SET GLOBAL binlog_expire_logs_seconds = {seconds}")
    with session(server) as s:
        assert s.facts["binlog"] is True
        finding = run(s, CODE)
    row = finding.evidence[0]
    assert row["binlog_expire_logs_seconds"] == seconds
    assert (row["retention_days"] is None) if days is None else abs(row["retention_days"] - days) < 1e-3, row
    assert finding.outcome is outcome, finding.message.en
    assert message in finding.message.en, finding.message.en


def test_binary_log_off_is_not_applicable(server):
    server.options.pop("log-bin")  # the last test of the module: the server is not restored
    server.restart()
    with session(server) as s:
        assert s.facts["binlog"] is False
        finding = run(s, CODE)
    assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "not_applicable"
    assert finding.message.en == "not applicable: the binary log is off (log_bin = OFF)"
