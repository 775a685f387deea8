"""ERR008 on a private mariadbd with the smallest redo log buffer (2 MB), log waits planted for real.

One transaction writes 1 MB rows until InnoDB has waited for the full buffer at least 10 times;
the check reads the same counter the server reports, averaged over at least a day (min_days). A
restart starts the counter again. innodb_log_buffer_size is read-only at runtime on 10.11, as the
remediation says.
"""

from __future__ import annotations

import pymysql
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "ERR008"
MON, PW = "dbp_mon_err008", "pw-err008"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers({"server-id": "81", "innodb-log-buffer-size": "2M"})
    assert REG.get(CODE).spec.support("mariadb").privilege == "USAGE"
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    s.sql("CREATE DATABASE dbp_err008")
    s.sql("CREATE TABLE dbp_err008.blobs (id INT AUTO_INCREMENT PRIMARY KEY, b LONGBLOB) ENGINE=InnoDB")
    yield s
    s.destroy()


def check(server):
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON, PW)) as s:
        return run(s, CODE)


def log_waits(server) -> int:
    return int(server.sql("SHOW GLOBAL STATUS LIKE 'Innodb_log_waits'")[0][1])


def test_redo_log_waits_measured_before_and_after(server):
    before = check(server)
    assert before.outcome is Outcome.OK and before.evidence[0]["log_waits"] == log_waits(server) == 0

    conn = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="dbp_err008")
    try:
        with conn.cursor() as cur:
            for _ in range(200):  # one big transaction of 1 MB rows against a 2 MB buffer
                cur.execute("INSERT INTO blobs (b) VALUES (REPEAT('x', 1048576))")
                if log_waits(server) >= 10:
                    break
        conn.commit()
    finally:
        conn.close()
    planted = log_waits(server)
    assert planted >= 10

    after = check(server)
    row = after.evidence[0]
    assert row["log_waits"] == planted and row["innodb_log_buffer_size"] == 2 * 1048576
    assert row["days_since"] < 1 and row["waits_per_day"] == planted  # min_days: not extrapolated
    assert after.outcome is Outcome.WARNING, after.message.en
    assert f"waited {planted:,} times for a full redo log buffer" in after.message.en and "2 MB" in after.message.en


def test_restart_starts_the_counter_again_and_the_buffer_is_read_only(server):
    with pytest.raises(Exception, match="read only"):
        server.sql("SET GLOBAL innodb_log_buffer_size = 67108864")
    assert "restart" in REG.get(CODE).spec.remediation.text.en
    server.restart()
    finding = check(server)
    assert finding.evidence[0]["log_waits"] == 0 and finding.outcome is Outcome.OK
