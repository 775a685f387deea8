"""RUN014 on a real standby (pg_basebackup -R) of a private primary, and on the shared primary.

Scenarios: the receiver streaming (OK); the primary's walsender frozen with SIGSTOP so the receiver
still says 'streaming' but hears nothing (stalled, judged on last_msg_age_s); primary_conninfo
emptied (an archive-only standby: WARNING to acknowledge, not CRITICAL forever); the primary stopped
(no receiver: CRITICAL). On a primary the check does not apply: SKIPPED, never OK.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import declared_grants, run, wait_for

pytestmark = pytest.mark.timeout(120)

MON = "dbp_run014_mon"
APP = "dbp_run014_sb"
SLOT = "dbp_run014_slot"


@pytest.fixture(scope="module")
def pair(pg_clusters):
    primary = pg_clusters()
    primary.sql(f"CREATE ROLE {MON} LOGIN")
    for grant in declared_grants("RUN014", MON):  # exactly RUN014's declared privilege
        primary.sql(grant)
    primary.sql(f"SELECT pg_create_physical_replication_slot('{SLOT}', true)")
    standby = pg_clusters.track(primary.standby({"primary_slot_name": SLOT, "cluster_name": APP}))
    wait_for(lambda: standby.sql("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"), 20,
             "the standby to stream")
    return primary, standby


@pytest.fixture
def mon(pair):
    s = open_session(ConnectTarget("postgresql", "127.0.0.1", pair[1].port, "postgres", MON))
    yield s
    s.close()


def _fresh(primary, standby):
    """Write on the primary and wait until the standby has replayed it: the receiver just heard from it."""
    primary.sql("CREATE TABLE IF NOT EXISTS dbp_run014_tick (t timestamptz)")
    primary.sql("INSERT INTO dbp_run014_tick VALUES (now())")  # a write: committed and flushed at once
    lsn = primary.sql("SELECT pg_current_wal_flush_lsn()")
    wait_for(lambda: standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'"), 10, "replay")


def test_primary_is_not_applicable(pg_session):
    f = run(pg_session, "RUN014")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
    assert f.message.en == "not applicable: this server is a primary, not a standby (replica)"
    assert f.evidence == []  # no SQL ran


def test_streaming_receiver_is_ok(mon, pair):
    _fresh(*pair)
    f = run(mon, "RUN014")
    assert f.outcome is Outcome.OK, f.message.en
    row = f.evidence[0]
    assert (row["status"], row["sender_host"], row["slot_name"], row["conninfo_set"]) == \
        ("streaming", "127.0.0.1", SLOT, True)
    assert row["last_msg_age_s"] < 60
    assert "WAL receiver streaming from 127.0.0.1" in f.message.en


@contextlib.contextmanager
def receiver_timeout(standby, value: str):
    """The standby's wal_receiver_timeout for the block (a reload: the running receiver takes it)."""
    standby.sql(f"ALTER SYSTEM SET wal_receiver_timeout = '{value}'")
    standby.sql("SELECT pg_reload_conf()")
    try:
        wait_for(lambda: standby.sql("SHOW wal_receiver_timeout") == value, 10, "the reload")
        yield
    finally:
        standby.sql("ALTER SYSTEM RESET wal_receiver_timeout")
        standby.sql("SELECT pg_reload_conf()")


def test_an_idle_link_quiet_until_the_receivers_ping_is_ok(mon, pair):
    """An idle primary sends nothing until the receiver pings after wal_receiver_timeout / 2: a healthy link
    is silent that long (at 5 min: 150 s). Judged on the raw age, the old check called that a stall."""
    primary, standby = pair
    with receiver_timeout(standby, "8s"):  # the receiver pings after 4 s of silence
        _fresh(primary, standby)
        time.sleep(6.5)  # idle: one ping answered in between
        f = run(mon, "RUN014", {"silent_s": {"warning": 1, "critical": 3600}})
        row = f.evidence[0]
        assert row["ping_after_s"] == 4 and row["last_msg_age_s"] < 5 and row["silent_s"] < 1, row
        assert f.outcome is Outcome.OK, f.message.en
    with receiver_timeout(standby, "5min"):
        f = run(mon, "RUN014")
        assert f.evidence[0]["ping_after_s"] == 150 and f.outcome is Outcome.OK, f.message.en


def test_stalled_sender_is_judged_on_silence_past_the_ping(mon, pair):
    primary, standby = pair
    lowered = {"silent_s": {"warning": 1, "critical": 3600}}
    with receiver_timeout(standby, "8s"):  # pings after 4 s; gives up after 8 s
        _fresh(primary, standby)
        before = run(mon, "RUN014", lowered)
        assert before.outcome is Outcome.OK and before.evidence[0]["last_msg_age_s"] < 3, before.message.en
        walsender = int(primary.sql(f"SELECT pid FROM pg_stat_replication WHERE application_name = '{APP}'"))
        os.kill(walsender, signal.SIGSTOP)  # our private primary's own walsender: the ping goes unanswered
        try:
            primary.sql("INSERT INTO dbp_run014_tick VALUES (now())")  # WAL the frozen sender never sends
            time.sleep(6.2)
            f = run(mon, "RUN014", lowered)
            row = f.evidence[0]
            assert row["status"] == "streaming" and row["last_msg_age_s"] >= 6 and row["silent_s"] >= 2, row
            assert f.outcome is Outcome.WARNING, f.message.en
            assert (f"has heard nothing for {row['last_msg_age_s']} s, {row['silent_s']} s past its own ping after 4 s "
                    "(threshold 1") in f.message.en, f.message.en
        finally:
            os.kill(walsender, signal.SIGCONT)
    wait_for(lambda: standby.sql("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"), 30,
             "streaming again")
    _fresh(primary, standby)
    assert run(mon, "RUN014", lowered).outcome is Outcome.OK


def test_archive_only_standby_is_a_warning_to_acknowledge(mon, pair):
    primary, standby = pair
    conninfo = standby.sql("SHOW primary_conninfo")
    standby.sql("ALTER SYSTEM SET primary_conninfo = ''")
    standby.sql("SELECT pg_reload_conf()")
    try:
        f = wait_for(lambda: (lambda f: f if f.evidence[0]["status"] is None else None)(run(mon, "RUN014")), 20,
                     "the receiver to stop")
        assert f.evidence[0]["conninfo_set"] is False, f.evidence
        assert f.outcome is Outcome.WARNING, f.message.en
        assert "primary_conninfo is empty" in f.message.en
    finally:
        standby.sql("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'")
        standby.sql("SELECT pg_reload_conf()")
    wait_for(lambda: run(mon, "RUN014").outcome is Outcome.OK, 30, "streaming again")


def test_primary_down_means_no_receiver(mon, pair):
    primary, standby = pair
    assert run(mon, "RUN014").outcome is Outcome.OK
    primary.stop()
    try:
        f = wait_for(lambda: (lambda f: f if f.outcome is not Outcome.OK else None)(run(mon, "RUN014")), 30,
                     "the receiver to go")
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert f.evidence[0]["conninfo_set"] is True
        assert f.evidence[0]["status"] != "streaming"
        assert ("has no WAL receiver" in f.message.en) or ("not streaming" in f.message.en), f.message.en
    finally:
        primary.start()
    wait_for(lambda: run(mon, "RUN014").outcome is Outcome.OK, 30, "streaming again")
