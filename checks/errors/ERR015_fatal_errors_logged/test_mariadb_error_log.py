"""ERR015/ERR016 on a real MariaDB error log: a private mariadbd with lc_messages = de_DE.

A failed login before the window and one inside it (German text: "Benutzer '…'@'…' hat keine
Zugriffsberechtigung", recognised through the server's own errmsg.sys catalogs), then a real crash
(SIGSEGV to mariadbd: "[ERROR] mysqld got signal 11"), read as a monitoring user holding only USAGE.
The error log's times are the server's local time with no zone: the window is put on a whole second,
as the log writes whole seconds. A remote address is not inspected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import time

import pymysql
import pytest
import yaml

from checks.adapters import ConnectTarget, open_session
from checks.execute import collect_rows
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.fixture_files import _plain, sha256
from tests.live import REG, run, wait_for

pytestmark = pytest.mark.timeout(180)

MON, PW = "dbp_mon_mylog", "pw-mylog"
RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers({"lc-messages": "de_DE"})
    assert REG.get("ERR016").spec.support("mariadb").privilege == "USAGE"
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")
    yield s
    s.destroy()


def session(s):
    return open_session(ConnectTarget("mariadb", "127.0.0.1", s.port, None, MON, PW))


def in_log(s, text: str) -> int:
    with open(f"{s.base}/error.log", "rb") as f:
        return f.read().count(text.encode())


def failed_login(s, user: str) -> None:
    before = in_log(s, user)
    with pytest.raises(pymysql.err.OperationalError, match="1045"):
        pymysql.connect(host="127.0.0.1", port=s.port, user=user, password="wrong", connect_timeout=5)
    wait_for(lambda: in_log(s, user) > before, 10, f"{user} in the error log")


def next_second() -> dt.datetime:
    """The next whole second, waited for: the error log writes whole seconds of local time."""
    now = dt.datetime.now(dt.timezone.utc)
    start = now.replace(microsecond=0) + dt.timedelta(seconds=1)
    time.sleep((start - now).total_seconds() + 0.02)
    return start


def lines(f):
    return [r for r in f.evidence if r["event"] != "(read)"]


def read_row(f):
    return next(r for r in f.evidence if r["event"] == "(read)")


def record(code, sess, win, scenario, outcome, contains, note, thresholds=None):
    if not RECORD:
        return
    check = REG.get(code)
    rows = collect_rows(sess, check, win)
    doc = {"engine": "mariadb", "server_version": sess.server_version, "facts": {"role": sess.facts.get("role")},
           "sql": "collect.py", "sql_sha256": sha256(check.folder / "collect.py"),
           "rows": [{k: (_plain(v) if not isinstance(v, dict) else {a: _plain(b) for a, b in v.items()})
                     for k, v in r.items()} for r in rows],
           **({"thresholds": thresholds} if thresholds else {}),
           "expect": {"outcome": outcome, "message_contains": contains}, "note": note}
    out = check.folder / "fixtures" / f"mariadb-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def test_failed_logins_in_german_inside_the_window_and_offsets_remembered(server, tmp_path):
    failed_login(server, "dbp_outside")
    start = next_second()
    failed_login(server, "dbp_inside")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with session(server) as s:
        s.instance_name, s.snapshots = "maria", snapshots.SnapshotReader(url)
        win = (start, dt.datetime.now(dt.timezone.utc))
        f = run(s, "ERR016", win=win)
        [row] = lines(f)
        assert "dbp_inside" in row["message"] and "hat keine Zugriffsberechtigung" in row["message"], row
        assert "dbp_outside" not in str(f.evidence) and row["code"] == "1045" and row["severity"] == "WARNING"
        assert f.outcome is Outcome.OK and f.message.en.startswith("1 failed login line(s)"), f.message.en
        assert "server's own message catalogs" in f.message.en and "local time" in f.message.en
        first = read_row(f)["bytes_read"]
        record("ERR016", s, win, "below", "OK", "1 failed login line(s)",
               "recorded from a private mariadbd (lc_messages de_DE) by test_mariadb_error_log.py")
        record("ERR016", s, win, "failures", "WARNING", "1 failed login line(s) in the server log inside the window:",
               "the same rows with the threshold lowered to 1", {"failures": {"warning": 1, "critical": 100}})
        failed_login(server, "dbp_inside_two")
        again = run(s, "ERR016", win=(start, dt.datetime.now(dt.timezone.utc)))
        assert [r["message"].split("'")[1] for r in lines(again)] == ["dbp_inside", "dbp_inside_two"], again.evidence
        assert 0 < read_row(again)["bytes_read"] < first, (first, read_row(again))
        quiet = (start - dt.timedelta(hours=2), start - dt.timedelta(hours=1))
        record("ERR015", s, quiet, "healthy", "OK", "No FATAL/PANIC/crash",
               "recorded from a private mariadbd by test_mariadb_error_log.py (a window before it started)")


def test_a_crash_is_critical(server):
    start = next_second()
    pid = int(open(f"{server.base}/pid").read().strip())
    os.kill(pid, signal.SIGSEGV)  # mariadbd's own handler writes "[ERROR] mysqld got signal 11" and dies
    server.proc.wait(timeout=60)
    server.proc = None
    server.start()
    with session(server) as s:
        win = (start, dt.datetime.now(dt.timezone.utc))
        f = run(s, "ERR015", win=win)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        crash = [r for r in lines(f) if r["event"] == "crash"]
        assert crash and crash[0]["code"] == "signal 11" and "got signal 11" in crash[0]["message"], f.evidence
        record("ERR015", s, win, "crash", "CRITICAL", "FATAL/PANIC/crash line(s)",
               "recorded from a private mariadbd after SIGSEGV (mysqld got signal 11) by test_mariadb_error_log.py")


def test_a_remote_server_is_not_inspected(server):
    with session(server) as s:
        s.target = dataclasses.replace(s.target, host="10.20.30.40")  # as if the inventory named another host
        f = run(s, "ERR016")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "unreachable", f.message.en
    assert f.message.en.startswith("not inspected: the error log") and "10.20.30.40" in f.message.en
