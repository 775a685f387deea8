"""BAK003 on a private primary: archive_mode off, with and without a real pg_receivewal.

archive_mode off is a WARNING unless WAL is streamed off the server by a WAL receiver; a streaming
standby is no such receiver (it replays, it does not keep WAL). Archiving configured is OK;
archive_mode on with no command is CRITICAL. Every state is set on the private cluster itself.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import REG, run, wait_for
from tests.servers import AS_POSTGRES, PG_BIN

pytestmark = pytest.mark.timeout(120)

CODE = "BAK003"
MON = "dbp_mon_bak003"
SLOT = "dbp_receivewal"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"wal_level": "replica"})
    privilege = REG.get(CODE).spec.support("postgresql").privilege
    c.sql(f"CREATE ROLE {MON} LOGIN IN ROLE {privilege}")
    yield c
    c.destroy()


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))


def walsenders(c) -> int:
    return c.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")


def test_archive_off_is_a_warning_unless_wal_is_received(cluster, pg_clusters):
    with session(cluster) as s:
        off = run(s, CODE)
        assert off.outcome is Outcome.WARNING, off.message.en
        assert off.evidence[0]["archive_mode"] == "off" and off.evidence[0]["wal_receivers"] == 0
        assert "no WAL receiver" in off.message.en and "archive_mode" in off.message.zh

        # a real pg_receivewal, on its own replication slot, keeps the WAL in a directory of its own
        target = tempfile.mkdtemp(prefix="dbpatrol-receivewal-")
        shutil.chown(target, "postgres")
        base = [*AS_POSTGRES, f"{PG_BIN}/pg_receivewal", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                f"--slot={SLOT}"]
        subprocess.run([*base, "--create-slot", "--if-not-exists"], check=True, capture_output=True, timeout=30)
        proc = subprocess.Popen([*base, "-D", target, "--no-loop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: walsenders(cluster) == 1, timeout_s=30, what="pg_receivewal to stream")
            streamed = run(s, CODE)
            row = streamed.evidence[0]
            assert streamed.outcome is Outcome.OK, streamed.message.en
            assert row["wal_receivers"] == 1 and row["receivers"] == f"pg_receivewal (slot {SLOT})"
            assert f"pg_receivewal (slot {SLOT})" in streamed.message.en and "流复制" in streamed.message.zh
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            shutil.rmtree(target, ignore_errors=True)
        wait_for(lambda: walsenders(cluster) == 0, timeout_s=30, what="pg_receivewal to go")
        assert run(s, CODE).outcome is Outcome.WARNING  # gone: nothing keeps the WAL any more
        cluster.sql(f"SELECT pg_drop_replication_slot('{SLOT}')")

        # a streaming standby replays WAL; it is not a WAL archive
        standby = pg_clusters.track(cluster.standby())
        try:
            wait_for(lambda: cluster.sql("SELECT count(*) FROM pg_stat_replication WHERE replay_lsn IS NOT NULL") == 1,
                     timeout_s=30, what="the standby to stream")
            with_standby = run(s, CODE)
            assert with_standby.outcome is Outcome.WARNING and with_standby.evidence[0]["wal_receivers"] == 0
            # and on the standby itself the check does not apply (archive_mode off is normal there)
            with session(standby) as on_standby:
                finding = run(on_standby, CODE)
            assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "not_applicable"
            assert "standby" in finding.message.en
        finally:
            standby.destroy()


def test_archive_configured_or_without_a_target(cluster):
    cluster.settings["archive_mode"] = "on"
    cluster.restart()
    try:
        with session(cluster) as s:
            no_target = run(s, CODE)
            assert no_target.outcome is Outcome.CRITICAL, no_target.message.en
            assert no_target.evidence[0]["archive_command_set"] is False and "neither archive_command" in no_target.message.en
            cluster.sql("ALTER SYSTEM SET archive_command = '/bin/true'")
            cluster.sql("SELECT pg_reload_conf()")
            wait_for(lambda: run(s, CODE).outcome is Outcome.OK, what="the reloaded archive_command")
            assert "archive_command" in run(s, CODE).message.en
    finally:
        cluster.sql("ALTER SYSTEM RESET archive_command")
        cluster.settings.pop("archive_mode")
        cluster.restart()

