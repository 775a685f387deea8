"""ERR015-ERR021 on a real PostgreSQL server log: one private cluster with logging_collector on.

Lines are planted for real — a failed login (a role that does not exist: FATAL 28000), a connection to
a database that does not exist (FATAL 3D000), a division by zero (an ERROR, not FATAL), a deadlock,
a lock timeout, checkpoints forced by WAL switches, a backend killed with SIGKILL — one of them
before the window starts and the rest inside it, and each check is run as a monitoring user holding
exactly what the checks declare (made from `dbpatrol checks grants`). The log is read as jsonlog,
then csvlog and stderr (with and without %e in log_line_prefix) under lc_messages = zh_CN.UTF-8, a
locale generated with localedef for this cluster alone (LOCPATH in its environment).

Fixtures are re-recorded with ``DBPATROL_RECORD_FIXTURES=1`` (rows as this module's runs saw them).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import sqlalchemy as sa
import yaml

from checks.adapters import ConnectTarget, open_session
from checks.errors.ERR002_deadlocks_detected.test_err002 import UPDATES, deadlock
from checks.execute import collect_rows
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.fixture_files import _plain
from tests.live import REG, declared_grants, run, wait_for

pytestmark = pytest.mark.timeout(180)

MON = "dbp_mon_pglog"
DB = "dbp_pglog"
RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


# ----- the cluster --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def locales():
    """zh_CN.UTF-8 generated for the cluster only (the machine has C/C.utf8/POSIX): LOCPATH points at it."""
    d = tempfile.mkdtemp(prefix="dbpatrol-locales-")
    subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", f"{d}/zh_CN.UTF-8"], capture_output=True, timeout=60)
    assert os.path.isdir(f"{d}/zh_CN.UTF-8"), "localedef could not build zh_CN.UTF-8"
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            os.chmod(os.path.join(root, n), 0o755)
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(pg_clusters, locales):
    # what the tests change (log_destination, log_line_prefix, lc_messages) is set with ALTER SYSTEM: a -c on
    # the command line would override it
    c = pg_clusters({"logging_collector": "on", "deadlock_timeout": "100ms", "log_checkpoints": "on",
                     "max_wal_size": "32MB", "min_wal_size": "32MB"}, start=False)
    c.env = {"LOCPATH": locales}
    c.start()
    configure(c, log_destination="jsonlog")
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for grant in declared_grants("ERR015", MON):  # every server-log check declares the same two functions
        c.sql(grant)
    assert all(REG.get(code).spec.support("postgresql").privilege == REG.get("ERR015").spec.support("postgresql").privilege
               for code in ("ERR016", "ERR017", "ERR018", "ERR019", "ERR020", "ERR021"))
    c.sql(f"CREATE DATABASE {DB}")
    c.sql("CREATE TABLE dl (id int PRIMARY KEY, v int)", DB)
    c.sql("INSERT INTO dl VALUES (1, 0), (2, 0)", DB)
    yield c
    c.destroy()


def session(c, user=MON):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", user))


def configure(c, **settings):
    """ALTER SYSTEM + reload, then wait until a new session sees the settings."""
    for k, v in settings.items():
        c.sql(f"ALTER SYSTEM SET {k} = '{v}'".replace("%", "%%"))  # psycopg reads % as a placeholder
    c.sql("SELECT pg_reload_conf()")
    for k, v in settings.items():
        wait_for(lambda: c.sql(f"SELECT current_setting('{k}')") == v, 10, f"{k} = {v}")
    time.sleep(0.3)  # the syslogger opens the files of a new destination on its next cycle


def in_logs(c, text: str) -> int:
    """How often ``text`` is in the cluster's log files (read as root, beside the server)."""
    n = 0
    for path in glob.glob(os.path.join(c.data, "log", "*")):
        with open(path, "rb") as f:
            n += f.read().count(text.encode())
    return n


def logged(c, text: str, before: int = 0, timeout_s: float = 10) -> None:
    """Wait until ``text`` is in the log more than ``before`` times (the syslogger writes as it receives)."""
    wait_for(lambda: in_logs(c, text) > before, timeout_s, f"{text!r} in the server log")


# ----- planting -----------------------------------------------------------------------------------


def failed_login(c, role: str) -> None:
    eng = sa.create_engine(f"postgresql+psycopg://{role}@127.0.0.1:{c.port}/postgres", poolclass=sa.NullPool)
    with pytest.raises(sa.exc.OperationalError, match=role):
        eng.connect()
    eng.dispose()
    logged(c, role)


def missing_database(c, name: str) -> None:
    eng = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{c.port}/{name}", poolclass=sa.NullPool)
    with pytest.raises(sa.exc.OperationalError, match=name):
        eng.connect()
    eng.dispose()
    logged(c, name)


def division_by_zero(c, marker: str) -> None:
    with pytest.raises(sa.exc.DataError):
        c.sql(f"SELECT 1/0 AS {marker}")
    logged(c, marker)


def a_deadlock(c) -> None:
    before = in_logs(c, "UPDATE dl SET v = 2")  # the STATEMENT of the deadlock's victim, in every format
    errors = deadlock(c.engine(DB), setup=["SET lock_timeout = '20s'"], begin="BEGIN", **UPDATES)
    assert any(getattr(getattr(e, "orig", e), "sqlstate", None) == "40P01" for e in errors), errors
    logged(c, "UPDATE dl SET v = 2", before)


def a_lock_timeout(c, marker: str) -> None:
    holder = c.engine(DB).connect()
    try:
        holder.exec_driver_sql("BEGIN")
        holder.exec_driver_sql("UPDATE dl SET v = v + 1 WHERE id = 1")
        with c.engine(DB).connect() as waiter:
            waiter.exec_driver_sql("SET lock_timeout = '100ms'")
            with pytest.raises(sa.exc.OperationalError, match="lock"):
                waiter.exec_driver_sql(f"UPDATE dl SET v = 0 WHERE id = 1 /* {marker} */")
    finally:
        holder.exec_driver_sql("ROLLBACK")
        holder.close()
    logged(c, marker)


def forced_checkpoints(c, n: int = 4) -> None:
    """WAL switches with max_wal_size at its minimum: each asks for a checkpoint 'caused by WAL', seconds apart."""
    c.sql("CREATE TABLE IF NOT EXISTS wal_fill (v int)", DB)
    for i in range(n):
        c.sql(f"INSERT INTO wal_fill VALUES ({i})", DB)
        c.sql("SELECT pg_switch_wal()")
        time.sleep(0.4)


def window_start_after(pause: float = 1.05) -> dt.datetime:
    """A moment strictly after every line written so far (log times are to the millisecond)."""
    time.sleep(pause)
    start = utcnow()
    time.sleep(0.05)
    return start


def in_store(s, url, name="pglog"):
    s.instance_name, s.snapshots = name, snapshots.SnapshotReader(url)


def read_row(finding):
    return next(r for r in finding.evidence if r["event"] == "(read)")


def lines(finding, event=None):
    return [r for r in finding.evidence if r["event"] != "(read)" and (event is None or r["event"] == event)]


def count(finding, event=None) -> int:
    """Lines counted (rows are per second and code: ``occurrences`` lines each)."""
    return sum(int(r["occurrences"]) for r in lines(finding, event))


def record(code: str, s, win, scenario: str, outcome: str, contains: str | None = None, note: str = "",
           thresholds: dict | None = None) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: the collector's rows on this session as a fixture of ``code``."""
    if not RECORD:
        return
    from tests.fixture_files import sha256

    check = REG.get(code)
    rows = collect_rows(s, check, win)
    doc = {"engine": "postgresql", "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": "collect.py", "sql_sha256": sha256(check.folder / "collect.py"),
           "rows": [{k: (_plain(v) if not isinstance(v, dict) else {a: _plain(b) for a, b in v.items()})
                     for k, v in r.items()} for r in rows],
           **({"thresholds": thresholds} if thresholds else {}),
           "expect": {"outcome": outcome, **({"message_contains": contains} if contains else {})},
           "note": note or "recorded from a private PostgreSQL 15 cluster by test_pg_server_log.py"}
    out = check.folder / "fixtures" / f"postgresql-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


# ----- the tests ----------------------------------------------------------------------------------


def test_jsonlog_counts_the_window_only_and_reads_only_new_bytes_the_second_time(cluster, tmp_path):
    c = cluster
    failed_login(c, "dbp_outside_role")  # before the window: must not be counted
    start = window_start_after()
    failed_login(c, "dbp_inside_role")
    missing_database(c, "dbp_inside_nodb")
    division_by_zero(c, "dbp_inside_div")
    a_deadlock(c)
    a_lock_timeout(c, "dbp_inside_locktimeout")
    win = (start, utcnow())
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with session(c) as s:
        in_store(s, url)
        auth = run(s, "ERR016", win=win)
        assert auth.basis == "window" and auth.outcome is Outcome.OK, auth.message.en  # 1 < 10
        assert [r["code"] for r in lines(auth)] == ["28000"], auth.evidence
        assert "dbp_inside_role" in lines(auth)[0]["message"] and "dbp_outside_role" not in str(auth.evidence)
        assert auth.message.en.startswith("1 failed login line(s)") and "classified by SQLSTATE (jsonlog)" in auth.message.en
        first = read_row(auth)["bytes_read"]
        assert first > 0

        fatal = run(s, "ERR015", win=win)
        assert fatal.outcome is Outcome.WARNING, fatal.message.en
        assert [(r["severity"], r["code"]) for r in lines(fatal)] == [("FATAL", "3D000")], fatal.evidence  # not the ERROR
        assert "dbp_inside_nodb" in lines(fatal)[0]["message"] and "dbp_inside_div" not in str(fatal.evidence)

        dl = run(s, "ERR017", win=win)
        assert dl.outcome is Outcome.WARNING and [r["code"] for r in lines(dl)] == ["40P01"], dl.evidence
        assert "Process" in lines(dl)[0]["message"] and "UPDATE dl" in lines(dl)[0]["message"]  # DETAIL / STATEMENT

        lt = run(s, "ERR018", win=win)
        assert lt.outcome is Outcome.WARNING and [r["code"] for r in lines(lt)] == ["55P03"], lt.evidence
        assert "dbp_inside_locktimeout" in lines(lt)[0]["message"]
        record("ERR015", s, win, "fatal", "WARNING", "1 FATAL/PANIC/crash line(s)")
        record("ERR016", s, win, "below", "OK", "failed login line(s) in the server log inside the window, below")
        record("ERR016", s, win, "failures", "WARNING", "failed login line(s) in the server log inside the window:",
               thresholds={"failures": {"warning": 1, "critical": 100}},
               note="recorded from a private PostgreSQL 15 cluster by test_pg_server_log.py; the threshold lowered "
                    "to 1 so the one planted failed login fails")
        record("ERR017", s, win, "deadlock", "WARNING", "1 deadlock line(s)")
        record("ERR018", s, win, "lock-timeout", "WARNING", "1 lock timeout / long lock wait line(s)")

        # a window that ends before the inside plantings counts none of them
        early = run(s, "ERR016", win=(win[0] - dt.timedelta(minutes=5), start))
        assert lines(early) and all("dbp_outside_role" in r["message"] for r in lines(early)), early.evidence

        # the second inspection reads only the bytes written since (the offset is in the store), and still
        # counts the first inspection's line from the store
        failed_login(c, "dbp_inside_role_two")
        again = run(s, "ERR016", win=(start, utcnow()))
        second = read_row(again)["bytes_read"]
        assert [r["message"].split('"')[1] for r in lines(again)] == ["dbp_inside_role", "dbp_inside_role_two"], \
            again.evidence
        assert 0 < second < first and second < 2000, (first, second)
        s.instance_name = s.snapshots = None

    # without a store nothing is remembered: the whole window is read again
    with session(c) as s:
        fresh = run(s, "ERR016", win=(start, utcnow()))
        assert count(fresh) == 2 and read_row(fresh)["bytes_read"] > second


def test_crashes_oom_kills_and_checkpoints_in_jsonlog(cluster):
    c = cluster
    start = window_start_after(0.2)
    forced_checkpoints(c)
    c.crash_backend()  # kill -9 of a backend: "server process (PID n) was terminated by signal 9: Killed"
    logged(c, "signal 9")
    win = (start, utcnow())
    with session(c) as s:
        oom = run(s, "ERR020", win=win)
        assert oom.outcome is Outcome.CRITICAL and [r["event"] for r in lines(oom)] == ["killed"], oom.evidence
        assert lines(oom)[0]["code"] == "signal 9" and "terminated by signal 9" in lines(oom)[0]["message"]
        crash = run(s, "ERR015", win=win)
        assert crash.outcome is Outcome.CRITICAL and any(r["event"] == "crash" for r in lines(crash)), crash.evidence
        cp = run(s, "ERR019", win=win)
        assert cp.outcome in (Outcome.WARNING, Outcome.CRITICAL), cp.message.en
        assert all("checkpoints are occurring too frequently" in r["message"] for r in lines(cp)), cp.evidence
        record("ERR020", s, win, "sigkill", "CRITICAL", "1 out-of-memory / SIGKILL line(s)")
        record("ERR019", s, win, "too-frequent", cp.outcome.value, "'checkpoints are occurring too frequently'")
        record("ERR021", s, win, "healthy", "OK", "No I/O error")
        record("ERR017", s, win, "healthy", "OK", "No deadlock")
        record("ERR018", s, win, "healthy", "OK", "No lock timeout")
        quiet = (start - dt.timedelta(hours=1), start)
        record("ERR020", s, quiet, "healthy", "OK", "No out-of-memory")
        record("ERR019", s, quiet, "healthy", "OK", "No 'checkpoints are occurring too frequently'")


def test_zh_cn_stderr_without_sqlstate_is_classified_by_the_server_translations(cluster):
    c = cluster
    configure(c, log_destination="stderr", log_line_prefix="%m [%p] ", lc_messages="zh_CN.UTF-8")
    try:
        start = window_start_after(0.2)
        failed_login(c, "dbp_zh_role")
        missing_database(c, "dbp_zh_nodb")
        division_by_zero(c, "dbp_zh_div")
        a_deadlock(c)
        win = (start, utcnow())
        with session(c) as s:
            auth = run(s, "ERR016", win=win)
            [row] = lines(auth)
            assert "dbp_zh_role" in row["message"] and "不存在" in row["message"], row  # 角色 "…" 不存在
            assert row["severity"] == "FATAL" and row["code"] == "28000"  # 致命错误 → FATAL; the message → 28000
            assert "no SQLSTATE" in auth.message.en and "lc_messages = zh_CN.UTF-8" in auth.message.en
            fatal = run(s, "ERR015", win=win)
            assert [r["message"] for r in lines(fatal) if "dbp_zh_nodb" in r["message"]], fatal.evidence
            assert "dbp_zh_div" not in str(fatal.evidence) and "dbp_zh_role" not in str(fatal.evidence)
            assert all(r["severity"] == "FATAL" for r in lines(fatal))
            dl = run(s, "ERR017", win=win)
            assert [r["code"] for r in lines(dl)] == ["40P01"] and "检测到死锁" in lines(dl)[0]["message"], dl.evidence
            record("ERR016", s, win, "zh-stderr", "OK", "1 failed login line(s)")
            record("ERR017", s, win, "zh-stderr", "WARNING", "检测到死锁")
    finally:
        configure(c, log_destination="jsonlog", log_line_prefix="%m [%p] %q%u@%d ", lc_messages="C")


def test_csvlog_and_stderr_with_sqlstate(cluster):
    c = cluster
    configure(c, log_destination="csvlog", lc_messages="zh_CN.UTF-8")
    try:
        start = window_start_after(0.2)
        failed_login(c, "dbp_csv_role")
        division_by_zero(c, "dbp_csv_div")
        with session(c) as s:
            auth = run(s, "ERR016", win=(start, utcnow()))
            assert [r["code"] for r in lines(auth)] == ["28000"] and "classified by SQLSTATE (csvlog)" in auth.message.en
            fatal = run(s, "ERR015", win=(start, utcnow()))
            assert not lines(fatal) and fatal.outcome is Outcome.OK, fatal.evidence  # auth ignored, 错误 is no FATAL
            record("ERR015", s, (start, utcnow()), "healthy", "OK", "No FATAL/PANIC/crash")
        configure(c, log_destination="stderr", log_line_prefix="%m [%p] %e ", lc_messages="C")
        start = window_start_after(0.2)
        a_lock_timeout(c, "dbp_stderr_locktimeout")
        with session(c) as s:
            lt = run(s, "ERR018", win=(start, utcnow()))
            assert [r["code"] for r in lines(lt)] == ["55P03"] and "(%e in log_line_prefix)" in lt.message.en, lt.evidence
    finally:
        configure(c, log_destination="jsonlog", log_line_prefix="%m [%p] %q%u@%d ", lc_messages="C")


def test_a_prefix_without_a_timestamp_cannot_apply_the_window(cluster):
    c = cluster
    configure(c, log_destination="stderr", log_line_prefix="[%p] ")
    try:
        with session(c) as s:
            f = run(s, "ERR016")
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "unreachable", f.message.en
        assert "has no timestamp" in f.message.en and "cannot be placed in the window" in f.message.en
    finally:
        configure(c, log_destination="jsonlog", log_line_prefix="%m [%p] %q%u@%d ")


def test_the_read_cap_cuts_and_says_so_and_the_next_inspection_goes_on(cluster, tmp_path):
    c = cluster
    url = f"sqlite:///{tmp_path / 'store.db'}"
    start = window_start_after(0.2)
    with session(c) as s:  # an inspection before: the store's offset is where the window's lines begin
        in_store(s, url)
        assert not lines(run(s, "ERR016", win=(start, utcnow())))
    for i in range(6):
        failed_login(c, f"dbp_cap_role_{i}")
    cap = {"max_read_mb": {"value": 0.001}}  # ~1 kB per inspection: two or three jsonlog lines
    with session(c) as s:
        in_store(s, url)
        win = (start, utcnow())
        cut = run(s, "ERR016", overrides=cap, win=win)
        assert "cut at the read cap" in cut.message.en and read_row(cut)["bytes_unread"] > 0, cut.message.en
        assert "达到读取上限被截断" in cut.message.zh
        seen = count(cut)
        assert 0 < seen < 6, cut.evidence
        s2 = session(c)
        try:
            in_store(s2, url)
            more = run(s2, "ERR016", overrides=cap, win=win)  # the next inspection goes on from the offset
            assert count(more) > seen, (seen, more.evidence)
        finally:
            s2.close()
    with session(c) as s:
        whole = run(s, "ERR016", win=win)
        assert count(whole) == 6 and "cut" not in whole.message.en, whole.evidence


def test_missing_privilege_and_logging_collector_off(cluster, pg_session):
    c = cluster
    c.sql("CREATE ROLE dbp_pglog_half LOGIN")
    c.sql("GRANT EXECUTE ON FUNCTION pg_catalog.pg_ls_logdir() TO dbp_pglog_half")
    with session(c, "dbp_pglog_half") as s:
        f = run(s, "ERR017")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
    assert "pg_read_binary_file(text, bigint, bigint)" in f.message.en and not f.evidence
    # the shared server runs Debian's default: logging_collector off, the log goes to pg_ctlcluster's file
    if pg_session.run("SELECT current_setting('logging_collector') AS v")[0]["v"] == "off":
        off = run(pg_session, "ERR015")
        assert off.outcome is Outcome.SKIPPED and off.skip_reason == "not_applicable", off.message.en
        assert off.message.en.startswith("not applicable: logging_collector is off")


def test_a_corrupted_page_is_an_xx001_line(cluster):
    """A heap page overwritten on disk behind the server's back (after a clean restart dropped it from
    shared_buffers): reading it raises XX001 'invalid page in block 0 of relation …'."""
    c = cluster
    c.sql("CREATE TABLE dbp_corrupt (v int)", DB)
    c.sql("INSERT INTO dbp_corrupt SELECT generate_series(1, 100)", DB)
    c.sql("CHECKPOINT")
    path = os.path.join(c.data, c.sql("SELECT pg_relation_filepath('dbp_corrupt')", DB))
    c.restart()
    with open(path, "r+b") as f:
        f.write(b"\xde\xad\xbe\xef" * 6)  # the page header: pd_lower/pd_upper out of range
    start = window_start_after(0.2)
    with pytest.raises(sa.exc.DatabaseError, match="invalid page"):
        c.sql("SELECT count(*) FROM dbp_corrupt", DB)
    logged(c, "dbp_corrupt")
    win = (start, utcnow())
    with session(c) as s:
        f = run(s, "ERR021", win=win)
        assert f.outcome is Outcome.CRITICAL and [r["code"] for r in lines(f)] == ["XX001"], f.evidence
        assert "invalid page in block 0" in lines(f)[0]["message"]
        record("ERR021", s, win, "corruption", "CRITICAL", "I/O error / disk full / corruption line(s)")
    c.sql("DROP TABLE dbp_corrupt", DB)
