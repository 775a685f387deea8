"""RUN017 on the shared MariaDB: a consistent-snapshot read view is opened, then 600 transactions
update a scratch table; purge cannot remove their undo logs while the view is open, so the history
list length must grow by them (the review's mutant — history_list_length hard-coded 0 — passed every
old test). The oldest open transaction is reported beside it, not judged (RUN006 judges it)."""

from __future__ import annotations

import time

import pytest

from dbpatrol.results import Outcome
from tests.live import backend_id, run, tx_engine

pytestmark = pytest.mark.timeout(120)

N = 600


def test_read_view_holds_purge_back(my_session, my_admin, my_table):
    before = run(my_session, "RUN017")
    assert before.outcome is Outcome.OK, before.message.en  # a shared test server is nowhere near 100,000
    h0 = before.evidence[0]["history_list_length"]
    eng = tx_engine(my_admin)
    view = eng.connect()
    try:
        view_pid = backend_id(view, "mariadb")
        view.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT")
        view.exec_driver_sql(f"SELECT COUNT(*) FROM {my_table}").scalar()
        with my_admin.connect() as c:  # autocommit: N transactions, N undo logs in the history list
            for _ in range(N):
                c.exec_driver_sql(f"UPDATE {my_table} SET v = v + 1 WHERE id = 1")
        time.sleep(1.1)
        f = run(my_session, "RUN017", {"history_list_length": {"warning": N, "critical": 1_000_000}})
        row = f.evidence[0]
        assert row["history_list_length"] >= N, (h0, row)
        assert row["oldest_trx_s"] >= 1  # the read view (or an older transaction of another session)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"Purge is behind: history list length {row['history_list_length']:,} "
                                       f"(threshold {N:,})")
        assert view_pid
    finally:
        view.rollback()
        view.close()
        eng.dispose()
