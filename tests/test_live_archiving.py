"""WAL archiving checks against a real failing archiver, on a private throwaway cluster.

The shared server has archive_mode off (changing it needs a restart), so a private cluster is
started with archive_mode=on and an archive_command that always fails: the archiver really fails,
and .ready files really pile up.
"""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

from checks import registry
from checks.adapters import ConnectTarget, open_session
from checks.execute import run_check
from dbpatrol.results import Outcome

from tests.harness import MON_USER


def _run(session, code, overrides=None, window=None):
    reg = registry.load()
    now = dt.datetime.now(dt.timezone.utc)
    window = window or (now - dt.timedelta(days=1), now + dt.timedelta(seconds=1))
    eff = reg.effective_thresholds(code, [("run", {code: overrides or {}})])
    return run_check(session, reg.get(code), eff, window)


def test_failing_archiver_is_critical_and_backlog_counted(throwaway_pg):
    port, url = throwaway_pg({"archive_mode": "on", "archive_command": "'/bin/false'", "wal_level": "replica"})
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE ROLE {MON_USER} LOGIN IN ROLE pg_monitor")
        for _ in range(3):  # complete three WAL segments the archiver must (and cannot) archive
            c.exec_driver_sql("CREATE TABLE IF NOT EXISTS dbp_bak_wal AS SELECT 1 AS x")
            c.exec_driver_sql("DROP TABLE dbp_bak_wal")
            c.exec_driver_sql("SELECT pg_switch_wal()")
    admin.dispose()
    with open_session(ConnectTarget("postgresql", "127.0.0.1", port, "postgres", MON_USER)) as session:
        deadline = time.monotonic() + 30
        while True:  # the archiver retries and records its failure within a second or two
            f = _run(session, "BAK001")
            if f.outcome is not Outcome.OK or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert "failing now" in f.message.en
        assert _run(session, "BAK003").outcome is Outcome.OK  # configured: it is the command that fails
        backlog = _run(session, "BAK002", {"ready_files": {"warning": 1, "critical": 1000}})
        assert backlog.outcome is Outcome.WARNING, backlog.message.en
        assert int(backlog.evidence[0]["ready_files"]) >= 1
        # a window that ended before the failures: not "failed inside the window"
        old = (dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2000, 1, 2, tzinfo=dt.timezone.utc))
        assert "inside the window" not in _run(session, "BAK001", window=old).message.en
