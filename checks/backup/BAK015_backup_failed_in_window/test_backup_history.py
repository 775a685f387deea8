"""BAK014 / BAK015 on MariaDB from a real mariadb-backup --history run on a private mariadbd.

mariadb-backup (Debian package mariadb-backup) runs with ``--no-defaults`` and the private server's
socket, port and datadir only: it never reads /etc/mysql/my.cnf, whose [client] socket is the shared
server's. Measured on MariaDB 10.11: ``--history`` writes ``mysql.mariadb_backup_history`` (InnoDB), one
row at the end of each successful backup; a failed run writes nothing.

* no history table: SKIPPED not applicable — with PROCESS the InnoDB dictionary proves it absent, without
  it the message says the monitoring user may simply not see it;
* after a real backup, a user with PROCESS but no SELECT on the table: SKIPPED missing privilege naming
  the GRANT (which can be given now that the table exists);
* granted: OK with the backup's real age and its history name; made old by thresholds below its real age
  and by a window that ends before it; an incremental run shows as the newest incremental;
* a run that fails (its target directory already holds ib_logfile0): no row, BAK015 reports the window
  without a good backup and says the tool records completed backups only;
* MySQL Enterprise Backup's mysql.backup_history, which records failures (exit_state FAILURE,
  last_error), cannot run here: a stand-in table with the manual's columns on the same server, rows
  written by hand, proves that path (BAK015 CRITICAL naming last_error).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = [pytest.mark.timeout(180),
              pytest.mark.skipif(shutil.which("mariadb-backup") is None,
                                 reason="mariadb-backup is not installed (.ci/run installs it)")]

USERS = {"dbp_bak_usage": [], "dbp_bak_proc": ["GRANT PROCESS ON *.* TO {u}"],
         "dbp_bak_sel": ["GRANT PROCESS ON *.* TO {u}"]}


RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"


def record(finding, engine: str, version: str, scenario: str, note: str, thresholds: dict | None = None) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: the rows this finding judged, as a fixture of its check."""
    if not RECORD:
        return
    import yaml

    from tests.fixture_files import sha256
    from tests.live import REG

    check = REG.get(finding.code)
    doc = {"engine": engine, "server_version": version, "facts": {"role": "primary"}, "sql": "collect.py",
           "sql_sha256": sha256(check.folder / "collect.py"), "rows": finding.evidence,
           **({"thresholds": thresholds} if thresholds else {}),
           "expect": {"outcome": finding.outcome.value, "message_contains": finding.message.en.split(": ", 1)[-1][:60]},
           "note": note}
    out = check.folder / "fixtures" / f"{engine}-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers()
    for user, grants in USERS.items():
        s.sql(f"CREATE USER '{user}'@'127.0.0.1'")
        for g in grants:
            s.sql(g.format(u=f"'{user}'@'127.0.0.1'"))
    return s


def backup(s, target: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mariadb-backup", "--no-defaults", "--backup", f"--target-dir={target}", "--user=root",
                           "--host=127.0.0.1", f"--port={s.port}", f"--socket={s.base}/sock", f"--datadir={s.base}/data",
                           *extra], capture_output=True, text=True, timeout=120)


def runs(s, user, *codes, overrides=None, win=None):
    with open_session(ConnectTarget("mariadb", "127.0.0.1", s.port, None, user)) as session:
        return {code: run(session, code, (overrides or {}).get(code), win) for code in codes}


def test_history_table_lifecycle(server):
    # --- no history table yet
    absent = runs(server, "dbp_bak_proc", "BAK014", "BAK015")
    for f in absent.values():
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
        assert f.message.en.startswith("not applicable: no backup history table (backups made without --history): "
                                       "none of mysql.mariadb_backup_history"), f.message.en
        assert "exists on this server" in f.message.en
    # without PROCESS the InnoDB dictionary cannot be read, and information_schema.TABLES alone cannot tell an
    # absent table from one the user holds no privilege on: PROCESS is declared, probed before anything runs
    unseen = runs(server, "dbp_bak_usage", "BAK014")["BAK014"]
    assert unseen.outcome is Outcome.SKIPPED and unseen.skip_reason == "privilege", unseen.message.en
    assert unseen.message.en.startswith("missing privilege: PROCESS")

    # --- a real backup with --history: the table exists, the user cannot read it yet
    t0 = dt.datetime.now(dt.timezone.utc)
    done = backup(server, f"{server.base}/bk-full", "--history=nightly")
    assert done.returncode == 0, done.stderr[-2000:]
    time.sleep(1.1)  # end_time has whole seconds: the backup is measurably old when judged
    rows = server.sql("SELECT uuid, name, incremental FROM mysql.mariadb_backup_history")
    assert len(rows) == 1 and rows[0][1] == "nightly" and rows[0][2] == "N"
    not_granted = runs(server, "dbp_bak_proc", "BAK014")["BAK014"]
    assert not_granted.outcome is Outcome.SKIPPED and not_granted.skip_reason == "privilege", not_granted.message.en
    assert "GRANT SELECT ON mysql.mariadb_backup_history" in not_granted.message.en
    server.sql("GRANT SELECT ON mysql.mariadb_backup_history TO 'dbp_bak_sel'@'127.0.0.1'")

    good = runs(server, "dbp_bak_sel", "BAK014", "BAK015")
    assert good["BAK014"].outcome is Outcome.OK, good["BAK014"].message.en
    assert good["BAK015"].outcome is Outcome.OK, good["BAK015"].message.en
    row = good["BAK014"].evidence[0]
    assert row["source"] == "mysql.mariadb_backup_history" and row["tool"] == "mariadb-backup"
    assert row["newest_label"] == row["full_label"] == f"nightly {rows[0][0]}" and row["newest_type"] == "full"
    assert 0 <= row["newest_age_h"] <= (dt.datetime.now(dt.timezone.utc) - t0).total_seconds() / 3600 + 0.01
    assert f"nightly {rows[0][0]}" in good["BAK014"].message.en
    assert good["BAK015"].evidence[0]["good_in_window"] == 1
    v = server.sql("SELECT VERSION()")[0][0]
    for code in ("BAK014", "BAK015"):
        record(good[code], "mariadb", v, "healthy", "recorded from a private mariadbd by test_backup_history.py: one real "
               "mariadb-backup --backup --history=nightly")

    # --- made old: thresholds below its real age; a window ending before it finished
    age = row["newest_age_h"]
    assert age > 0
    old = runs(server, "dbp_bak_sel", "BAK014",
               overrides={"BAK014": {"backup_age_h": {"warning": age / 4, "critical": age / 2}}})["BAK014"]
    assert old.outcome is Outcome.CRITICAL and "a restore now loses everything since" in old.message.en, old.message.en
    record(old, "mariadb", v, "stale", "recorded from a private mariadbd by test_backup_history.py: one real "
           "mariadb-backup --history run, thresholds below its real age",
           thresholds={"backup_age_h": {"warning": age / 4, "critical": age / 2}})
    end = dt.datetime.fromisoformat(row["newest_stop"])
    earlier = runs(server, "dbp_bak_sel", "BAK014", "BAK015", win=(end - dt.timedelta(days=1), end - dt.timedelta(seconds=1)))
    assert earlier["BAK014"].outcome is Outcome.CRITICAL and "no good backup on record" in earlier["BAK014"].message.en
    assert earlier["BAK015"].outcome is Outcome.WARNING

    # --- a run that fails: the history gets no row, so the window after the good backup has none
    after = dt.datetime.now(dt.timezone.utc)
    os.makedirs(f"{server.base}/bk-bad")
    open(f"{server.base}/bk-bad/ib_logfile0", "w").close()
    failed = backup(server, f"{server.base}/bk-bad", "--history=nightly")
    assert failed.returncode != 0 and "File exists" in failed.stderr, failed.stderr[-1000:]
    assert len(server.sql("SELECT uuid FROM mysql.mariadb_backup_history")) == 1  # nothing recorded of it
    missing = runs(server, "dbp_bak_sel", "BAK015", win=(after, dt.datetime.now(dt.timezone.utc)))["BAK015"]
    assert missing.outcome is Outcome.WARNING, missing.message.en
    assert "0 good backup(s) finished inside the window" in missing.message.en
    assert "a run that failed or was killed leaves no record" in missing.message.en
    record(missing, "mariadb", v, "missing", "recorded from a private mariadbd by test_backup_history.py: a mariadb-backup "
           "run that failed (target directory not empty) after a good one, window after the good one")

    # --- an incremental on top of the full
    inc = backup(server, f"{server.base}/bk-inc", "--history=nightly", f"--incremental-basedir={server.base}/bk-full")
    assert inc.returncode == 0, inc.stderr[-2000:]
    both = runs(server, "dbp_bak_sel", "BAK014")["BAK014"]
    r = both.evidence[0]
    assert both.outcome is Outcome.OK and r["newest_type"] == "incr" and r["incr_label"].startswith("nightly ")
    assert r["full_label"] == f"nightly {rows[0][0]}" and r["good_backups"] == 2
    full_old = runs(server, "dbp_bak_sel", "BAK014",
                    overrides={"BAK014": {"full_age_h": {"warning": 1e-6, "critical": 1000}}})["BAK014"]
    assert full_old.outcome is Outcome.WARNING and "newest good full backup" in full_old.message.en

    # --- a partial backup (--databases: some schemas only) restores no instance: not a good backup of the window
    after_inc = dt.datetime.now(dt.timezone.utc)
    time.sleep(1.1)
    part = backup(server, f"{server.base}/bk-part", "--history=adhoc", "--databases=mysql")
    assert part.returncode == 0, part.stderr[-2000:]
    assert server.sql("SELECT partial FROM mysql.mariadb_backup_history WHERE name = 'adhoc'") == [("Y",)]
    only_part = runs(server, "dbp_bak_sel", "BAK015", win=(after_inc, dt.datetime.now(dt.timezone.utc)))["BAK015"]
    assert only_part.outcome is Outcome.WARNING, only_part.message.en
    assert only_part.evidence[0]["good_in_window"] == 0 and "partial" in only_part.evidence[0]["note"]


MEB_TABLE = """CREATE TABLE mysql.backup_history (
  backup_id BIGINT NOT NULL PRIMARY KEY, tool_name VARCHAR(4096) NOT NULL, start_time TIMESTAMP NULL,
  end_time TIMESTAMP NULL, binlog_pos BIGINT, binlog_file VARCHAR(255), compression_level INT,
  engines VARCHAR(100), start_lsn BIGINT, end_lsn BIGINT,
  backup_type ENUM('FULL','PARTIAL','INCREMENTAL','TTS','DIFFERENTIAL') NOT NULL,
  backup_format ENUM('IMAGE','DIRECTORY'), backup_destination VARCHAR(4096), lock_time DOUBLE,
  exit_state ENUM('SUCCESS','FAILURE') NOT NULL, last_error VARCHAR(4096) NOT NULL, last_error_code INT NOT NULL,
  meb_version VARCHAR(20), server_uuid VARCHAR(36)) ENGINE=InnoDB"""


def test_enterprise_backup_history_records_failures(server):
    """A stand-in for MySQL Enterprise Backup's table (its manual's columns; MEB cannot run here)."""
    server.sql(MEB_TABLE)
    try:
        server.sql("INSERT INTO mysql.backup_history (backup_id, tool_name, start_time, end_time, backup_type, exit_state, "
                   "last_error, last_error_code) VALUES "
                   "(17001, 'mysqlbackup backup', NOW() - INTERVAL 3 HOUR, NOW() - INTERVAL 2 HOUR, 'FULL', 'SUCCESS', "
                   "'NO_ERROR', 0), "
                   "(17002, 'mysqlbackup backup', NOW() - INTERVAL 20 MINUTE, NOW() - INTERVAL 10 MINUTE, 'INCREMENTAL', "
                   "'FAILURE', 'MySQL query ''FLUSH TABLES WITH READ LOCK'': 1205 Lock wait timeout exceeded', 1205)")
        server.sql("GRANT SELECT ON mysql.backup_history TO 'dbp_bak_sel'@'127.0.0.1'")
        found = runs(server, "dbp_bak_sel", "BAK014", "BAK015")
        meb = next(r for r in found["BAK015"].evidence if r["source"] == "mysql.backup_history")
        assert found["BAK015"].outcome is Outcome.CRITICAL, found["BAK015"].message.en
        assert meb["failed_in_window"] == 1 and meb["records_failures"] is True
        assert "backup_id 17002 (incremental)" in found["BAK015"].message.en
        assert "Lock wait timeout exceeded" in found["BAK015"].message.en
        age = next(r for r in found["BAK014"].evidence if r["source"] == "mysql.backup_history")
        assert age["full_label"] == "backup_id 17001 (full)" and 1.9 < age["full_age_h"] < 2.1
        assert age["incr_label"] is None  # the failed incremental is not a good one
        record(found["BAK015"], "mariadb", server.sql("SELECT VERSION()")[0][0], "enterprise-backup-failed",
               "recorded by test_backup_history.py from a private mariadbd holding a stand-in mysql.backup_history (MySQL "
               "Enterprise Backup's columns from its manual, rows written by hand: MEB cannot run here)")
    finally:
        server.sql("DROP TABLE mysql.backup_history")


def test_mysql8_statements_parse():
    """MySQL 8 cannot run here: its statements (XtraBackup's PERCONA_SCHEMA table, Enterprise Backup's
    table, the INNODB_TABLES dictionary probe) are parsed in sqlglot's MySQL dialect; the same texts run
    live on MariaDB above (mariadb_backup_history has XtraBackup's shape; the MEB stand-in)."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    from checks.backup_tools import history

    for sql in (history.DICTIONARY_SQL["mysql"], history.VISIBLE_SQL, history.COLUMNS_SQL,
                history._xtrabackup_sql("PERCONA_SCHEMA", "xtrabackup_history"),
                history._meb_sql({"exit_state", "last_error", "backup_type"}), history._meb_sql(set())):
        parsed = sqlglot.parse(sql.replace(":end_ts", "1").replace(":start_ts", "0"), read="mysql",
                               error_level=ErrorLevel.RAISE)
        assert len(parsed) == 1, sql
