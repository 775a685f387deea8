"""ERR007 on a private mariadbd with long_query_time = 1 s, slow statements planted for real.

12,000 statements, 2,000 of them from a session whose own long_query_time is 0 (so each counts in
Slow_queries): the slow share is measured before and after, exactly. The monitoring session's own
statements are left out. long_query_time outside the sane range makes the check not applicable.
"""

from __future__ import annotations

import datetime as dt
import time

import pymysql
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "ERR007"
MON, PW = "dbp_mon_err007", "pw-err007"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    started = dt.datetime.now(dt.timezone.utc)
    s = mariadb_servers({"server-id": "71", "long-query-time": "1"})
    s.started = (started, dt.datetime.now(dt.timezone.utc))
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    yield s
    s.destroy()


def session(server):
    return open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON, PW))


def statements(server, n: int, slow: bool = False) -> None:
    conn = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=True)
    try:
        with conn.cursor() as cur:
            if slow:
                cur.execute("SET SESSION long_query_time = 0")  # this session only: each statement is slow
            for _ in range(n):
                cur.execute("SELECT 1")
    finally:
        conn.close()


def test_slow_share_measured_before_and_after(server):
    with session(server) as s:
        before = run(s, CODE)
        again = run(s, CODE)
    row = before.evidence[0]
    assert before.outcome is Outcome.OK and "not rated yet" in before.message.en, before.message.en
    # our own session's statements are not counted: running the check again changes nothing
    assert again.evidence[0]["questions"] == row["questions"] and row["slow_queries"] == 0

    statements(server, 10000)
    statements(server, 2000, slow=True)
    with session(server) as s:
        after = run(s, CODE)
    new = after.evidence[0]
    assert new["slow_queries"] - row["slow_queries"] == 2001  # the 2,000 and the SET itself (ends under its new value)
    assert new["questions"] - row["questions"] >= 12000
    assert new["slow_pct"] == round(100 * new["slow_queries"] / new["questions"], 3) and 15 < new["slow_pct"] < 17
    assert after.outcome is Outcome.CRITICAL, after.message.en
    assert "2,001 of" in after.message.en and "slow_query_log is OFF" in after.message.en

    server.sql("SET GLOBAL slow_query_log = ON")
    with session(server) as s:
        logged = run(s, CODE)
    assert logged.outcome is Outcome.CRITICAL and "slow_query_log is OFF" not in logged.message.en

    # FLUSH STATUS does not zero Questions or Slow_queries: the counters still run from the server start
    time.sleep(2)
    server.sql("FLUSH STATUS")
    with session(server) as s:
        flushed = run(s, CODE)
    kept = flushed.evidence[0]
    assert kept["slow_queries"] == new["slow_queries"] and kept["questions"] >= new["questions"], (new, kept)
    low, high = server.started
    since = flushed.since.replace(tzinfo=dt.timezone.utc)  # a UTC DATETIME from the server (naive)
    assert low - dt.timedelta(seconds=2) <= since <= high + dt.timedelta(seconds=2), since
    assert flushed.outcome is Outcome.CRITICAL and "since server start" in flushed.message.en


@pytest.mark.parametrize("long_query_time", [10, 0])
def test_long_query_time_outside_the_sane_range_is_not_applicable(server, long_query_time):
    server.sql(f"SET GLOBAL long_query_time = {long_query_time}")
    try:
        with session(server) as s:
            finding = run(s, CODE)
        assert finding.outcome is Outcome.SKIPPED, finding.message.en
        assert finding.message.en.startswith(f"not applicable: long_query_time is {long_query_time} s, outside 0.5–5 s")
    finally:
        server.sql("SET GLOBAL long_query_time = 1")
