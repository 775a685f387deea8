"""SEC009 through the real snapshot path, with the Oracle driver replayed (no Oracle server here): a grant
snapshot taken by checks.samples.take and saved in a throwaway store, the grants changed, then the check
run as an inspection does (session.snapshots reading that store): the granted and the revoked grant are
named with the interval; the same state again is OK; no stored snapshot is SKIPPED, never OK."""

from __future__ import annotations

import datetime as dt

from checks import registry, samples
from checks.execute import run_check
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.test_oracle_replay import ReplaySession

REG = registry.load()
GRANTS_SQL = samples.sql_for(samples.by_name("ora.grants"), "oracle", (19, 22))


def session(grants: list[str]) -> ReplaySession:
    return ReplaySession(answers={GRANTS_SQL: [{"name": g, "value": 1} for g in grants]})


def sec009(s, window):
    return run_check(s, REG.get("SEC009"), REG.effective_thresholds("SEC009", []), window)


def test_grants_given_and_revoked_between_snapshots(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    before = ["sys:APP:CREATE SESSION", "role:APP:APP_READ", "obj:REPORT:SELECT:APP.ORDERS"]
    s = session(before)
    snap = samples.take(s)
    assert [r.source for r in snap.rows] == ["ora.grants"] and not snap.refused
    assert snap.rows[0].data == {"sys:app:create session": 1, "role:app:app_read": 1, "obj:report:select:app.orders": 1}
    snapshots.save(url, "ora1", snap, "sampler")
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)

    s = session(["sys:APP:CREATE SESSION", "role:APP:APP_READ", "sys:APP:SELECT ANY TABLE:admin"])
    s.instance_name, s.snapshots = "ora1", snapshots.SnapshotReader(url)
    window = (start, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
    f = sec009(s, window)
    assert f.outcome is Outcome.WARNING, f.message.en
    got = {(r["kind"], r["grantee"], r["granted"], r["option"], r["change"]) for r in f.evidence}
    assert got == {("SYSTEM PRIVILEGE", "APP", "SELECT ANY TABLE", "ADMIN", "GRANTED"),
                   ("OBJECT PRIVILEGE", "REPORT", "SELECT ON APP.ORDERS", None, "REVOKED")}
    assert "2 grant change(s) in the window (1 given, 1 revoked)" in f.message.en and f.message.zh

    same = session(before)
    same.instance_name, same.snapshots = "ora1", snapshots.SnapshotReader(url)
    ok = sec009(same, window)
    assert ok.outcome is Outcome.OK and "1 snapshot(s)" in ok.message.en, ok.message.en

    approved = REG.effective_thresholds("SEC009", [("run", {"SEC009": {"allowed_grantees": {"value": ["APP", "REPORT"]}}})])
    assert run_check(s, REG.get("SEC009"), approved, window).outcome is Outcome.OK


def test_no_stored_snapshot_is_not_applicable(tmp_path):
    s = session(["sys:APP:CREATE SESSION"])
    f = sec009(s, (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7), dt.datetime.now(dt.timezone.utc)))
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
    s.instance_name, s.snapshots = "ora2", snapshots.SnapshotReader(f"sqlite:///{tmp_path / 'empty.db'}")
    f = sec009(s, (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7), dt.datetime.now(dt.timezone.utc)))
    assert f.outcome is Outcome.SKIPPED and "no grant snapshot stored" in f.message.en


def test_a_capped_snapshot_does_not_report_the_name_pushed_past_the_cap(tmp_path):
    """Review oracle-security-config must-fix 3: at the 5,000-name cap, a grant added before the cut pushes the
    last name out of the snapshot; that name is still granted and must not be reported REVOKED."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    names = [f"obj:APP_READ:SELECT:APP.T{i:05d}" for i in range(3)]
    s = session(names + ["(truncated)"])
    snapshots.save(url, "ora3", samples.take(s), "sampler")
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    # a new grant sorting first; T00002 falls past the cap (still granted)
    later = session(["obj:APP_READ:INSERT:APP.T00000"] + names[:2] + ["(truncated)"])
    later.instance_name, later.snapshots = "ora3", snapshots.SnapshotReader(url)
    f = sec009(later, (start, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)))
    got = {(r["granted"], r["change"]) for r in f.evidence}
    assert got == {("INSERT ON APP.T00000", "GRANTED")}, got
