"""RUN013 on a private cluster: prepared transactions need max_prepared_transactions > 0, a restart
the shared server must not get. Measured before, with, and after one planted prepared transaction."""

from __future__ import annotations

import secrets
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run013_mon"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"max_prepared_transactions": "5"})
    c.sql(f"CREATE ROLE {MON} LOGIN")  # RUN013 declares login: pg_prepared_xacts is readable by anyone
    c.sql("CREATE TABLE dbp_run_2pc (id int PRIMARY KEY, v int)")
    c.sql("INSERT INTO dbp_run_2pc VALUES (1, 0)")
    return c


def test_orphan_prepared_transaction(cluster):
    lowered = {"age_s": {"warning": 1, "critical": 3600}}
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON)) as before:
        f = run(before, "RUN013", lowered)
        assert f.outcome is Outcome.OK and f.evidence == [], f.evidence
        assert "(0 prepared now)" in f.message.en
    gid = f"dbp_run_{secrets.token_hex(4)}"
    eng = cluster.engine()
    try:
        with eng.connect() as c:
            c.exec_driver_sql("BEGIN")
            c.exec_driver_sql("UPDATE dbp_run_2pc SET v = v + 1 WHERE id = 1")
            c.exec_driver_sql(f"PREPARE TRANSACTION '{gid}'")
        with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON)) as session:
            young = run(session, "RUN013")  # just prepared: a 2PC in flight, not an orphan
            assert young.outcome is Outcome.OK and [r["gid"] for r in young.evidence] == [gid], young.message.en
            time.sleep(1.2)
            f = run(session, "RUN013", lowered)
            assert f.outcome is Outcome.WARNING, f.message.en
            row = f.evidence[0]
            assert (row["gid"], row["owner"], row["database"]) == (gid, "postgres", "postgres") and row["age_s"] >= 1
            assert f"gid {gid} (owner postgres, database postgres) prepared {row['age_s']} s ago" in f.message.en
    finally:
        with eng.connect() as c:
            c.exec_driver_sql(f"ROLLBACK PREPARED '{gid}'")
        eng.dispose()
    with open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON)) as after:
        f = run(after, "RUN013", lowered)
        assert f.outcome is Outcome.OK and f.evidence == []  # resolved once the prepared transaction is gone
