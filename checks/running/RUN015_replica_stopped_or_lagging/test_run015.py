"""RUN015 on a real MariaDB replica (private mariadbd primary with a binary log + replica, GTID).

Scenarios: replicating (OK); the replica's SQL thread held on a row lock taken on the replica while
it applies the primary's next update, so Seconds_Behind_Master grows in real time (a few seconds:
judged with lag_s lowered to 3 s — 120 s would take two minutes); STOP SLAVE SQL_THREAD (CRITICAL);
and on the shared server, which replicates from nothing, SKIPPED "not applicable" — never OK.
"""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run, wait_for

pytestmark = pytest.mark.timeout(180)

MON = "dbp_run015_mon"


@pytest.fixture(scope="module")
def servers(mariadb_servers):
    primary = mariadb_servers({"log-bin": None, "server-id": "1"})
    replica = mariadb_servers({"server-id": "2"})
    replica.replica_of(primary)
    primary.sql("CREATE DATABASE dbp_run015")
    primary.sql("CREATE TABLE dbp_run015.t (id int PRIMARY KEY, v int NOT NULL) ENGINE=InnoDB")
    primary.sql("INSERT INTO dbp_run015.t VALUES (1, 0)")
    replica.sql(f"CREATE USER '{MON}'@'127.0.0.1'")
    replica.sql(f"GRANT SLAVE MONITOR ON *.* TO '{MON}'@'127.0.0.1'")  # exactly RUN015's MariaDB privilege
    wait_for(lambda: replica.sql("SELECT COUNT(*) FROM dbp_run015.t")[0][0] == 1, 30, "the table to replicate")
    return primary, replica


@pytest.fixture
def mon(servers):
    s = open_session(ConnectTarget("mariadb", "127.0.0.1", servers[1].port, None, MON))
    yield s
    s.close()


def test_not_a_replica_is_not_applicable(my_session):
    f = run(my_session, "RUN015")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
    assert f.message.en == "not applicable: not a replica (no replication source configured)"


def test_replicating(mon, servers):
    assert mon.facts["replica"] is True
    f = run(mon, "RUN015")
    assert f.outcome is Outcome.OK, f.message.en
    row = f.evidence[0]
    assert (row["connection_name"], row["master_host"], row["slave_io_running"], row["slave_sql_running"]) == \
        ("", "127.0.0.1", "Yes", "Yes")
    assert row["seconds_behind_master"] < 120
    assert "1 replication connection(s), IO and SQL threads running" in f.message.en


def test_sql_thread_held_back(mon, servers):
    primary, replica = servers
    lowered = {"lag_s": {"warning": 3, "critical": 3600}}
    before = run(mon, "RUN015", lowered)
    assert before.outcome is Outcome.OK and before.evidence[0]["seconds_behind_master"] < 3, before.evidence
    eng = replica.engine()
    lock = eng.connect()
    try:
        lock.exec_driver_sql("BEGIN")
        lock.exec_driver_sql("SELECT v FROM dbp_run015.t WHERE id = 1 FOR UPDATE")  # the SQL thread will wait on it
        primary.sql("UPDATE dbp_run015.t SET v = v + 1 WHERE id = 1")
        f = wait_for(lambda: (lambda f: f if f.outcome is not Outcome.OK else None)(run(mon, "RUN015", lowered)), 20,
                     "the lag to reach 3 s")
        row = f.evidence[0]
        assert row["slave_sql_running"] == "Yes" and 3 <= row["seconds_behind_master"] < 60, row
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f"Replica connection (default) from 127.0.0.1 is {row['seconds_behind_master']} s behind (threshold 3" \
            in f.message.en
        assert run(mon, "RUN015").outcome is Outcome.OK  # a few seconds are no problem at the default 120 s
    finally:
        lock.rollback()
        lock.close()
        eng.dispose()
    wait_for(lambda: run(mon, "RUN015", lowered).outcome is Outcome.OK, 20, "the replica to catch up")


def test_sql_thread_stopped(mon, servers):
    _, replica = servers
    replica.sql("STOP SLAVE SQL_THREAD")
    try:
        f = run(mon, "RUN015")
        row = f.evidence[0]
        assert (row["slave_io_running"], row["slave_sql_running"], row["seconds_behind_master"]) == ("Yes", "No", None)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert "Replica connection (default) from 127.0.0.1: IO thread Yes, SQL thread No" in f.message.en
        assert set(row) == {"connection_name", "master_host", "slave_io_running", "slave_sql_running",
                            "seconds_behind_master", "sql_delay", "last_io_errno", "last_io_error", "last_sql_errno",
                            "last_sql_error"}
    finally:
        replica.sql("START SLAVE SQL_THREAD")
    wait_for(lambda: run(mon, "RUN015").outcome is Outcome.OK, 20, "the SQL thread to run")


def test_delayed_replica_is_judged_beyond_its_delay(mon, servers):
    """A replica delayed on purpose (MASTER_DELAY) reads its delay in Seconds_Behind_Master while it waits:
    that is no lag. Only the seconds beyond the delay are judged."""
    primary, replica = servers
    lowered = {"lag_s": {"warning": 2, "critical": 3600}}
    replica.sql("STOP SLAVE")
    replica.sql("CHANGE MASTER TO MASTER_DELAY = 5")
    replica.sql("START SLAVE")
    eng = replica.engine()
    lock = eng.connect()
    try:
        primary.sql("UPDATE dbp_run015.t SET v = v + 1 WHERE id = 1")
        f = wait_for(lambda: (lambda f: f if (f.evidence[0]["seconds_behind_master"] or 0) >= 4 else None)(
            run(mon, "RUN015", lowered)), 20, "the delayed event to wait 4 s")
        row = f.evidence[0]
        assert row["sql_delay"] == 5 and 4 <= row["seconds_behind_master"] <= 5, row  # the delay itself, not lag
        assert f.outcome is Outcome.OK, f.message.en
        assert "1 delayed on purpose: MASTER_DELAY / SOURCE_DELAY" in f.message.en
        wait_for(lambda: replica.sql("SELECT v FROM dbp_run015.t WHERE id = 1")[0][0] ==
                 primary.sql("SELECT v FROM dbp_run015.t WHERE id = 1")[0][0], 20, "the delayed update to apply")

        lock.exec_driver_sql("BEGIN")
        lock.exec_driver_sql("SELECT v FROM dbp_run015.t WHERE id = 1 FOR UPDATE")  # the SQL thread waits past its delay
        primary.sql("UPDATE dbp_run015.t SET v = v + 1 WHERE id = 1")
        f = wait_for(lambda: (lambda f: f if f.outcome is not Outcome.OK else None)(run(mon, "RUN015", lowered)), 30,
                     "the lag to pass the delay by 2 s")
        row = f.evidence[0]
        assert f.outcome is Outcome.WARNING and row["seconds_behind_master"] >= 7, (row, f.message.en)
        assert (f"is {row['seconds_behind_master']} s behind, {row['seconds_behind_master'] - 5} s beyond its "
                f"configured delay of 5 s (threshold 2 s)") in f.message.en
    finally:
        lock.rollback()
        lock.close()
        eng.dispose()
        replica.sql("STOP SLAVE")
        replica.sql("CHANGE MASTER TO MASTER_DELAY = 0")
        replica.sql("START SLAVE")
    wait_for(lambda: run(mon, "RUN015", lowered).outcome is Outcome.OK, 30, "the replica to catch up")
