"""BAK014-BAK017 on a real pgBackRest stanza (Debian package pgbackrest) of a private cluster.

The cluster archives with archive_command = 'pgbackrest --config=… --stanza=dbp archive-push %p' into a
repository in its temporary directory; its checksums are on (initdb -k). dbpatrol's monitoring user
holds LOGIN only, and dbpatrol runs ``pgbackrest info`` on this machine (the instance is on 127.0.0.1):

* a stanza with no backup: BAK016 'no valid backups', BAK014 nothing to restore from, BAK015 missing;
* one good full backup: OK with its real age and label; made old by thresholds below its real age,
  and by a window that ends before it finished (no JSON is altered);
* a backup that fails mid-way (the archive made read-only: the backup copies its files, then
  times out waiting for its WAL): pgBackRest records nothing of it — no entry, no directory — so
  BAK015 reports the window without a good backup, and BAK017 sees the archive fall behind the server;
* a backup that completes with page checksum errors (a data page overwritten on disk): pgBackRest's
  ``error: true`` → BAK015 CRITICAL, and BAK014 no longer counts it as good;
* the stanza from the inventory (``backup:``) wins over archive_command: a stanza that does not exist is
  BAK016 CRITICAL 'missing stanza path', and the other checks say they could not read it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess

import pytest

from checks.adapters import ConnectTarget, open_session
from checks.collect import CollectSkip
from checks.commands import is_loopback, runner_for
from checks.backup_tools import pgbackrest as pbr
from dbpatrol.inventory import BackupTool
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = [pytest.mark.timeout(180),
              pytest.mark.skipif(shutil.which("pgbackrest") is None, reason="pgbackrest is not installed (.ci/run installs it)")]

MON = "dbp_mon_pgbr"
STANZA = "dbp"
CONF = """[global]
repo1-path={base}/repo
log-path={base}/pgbr-log
lock-path={base}/pgbr-lock
spool-path={base}/pgbr-spool
log-level-console=warn
log-level-file=detail
compress-type=none
start-fast=y
archive-timeout=10

[{stanza}]
pg1-path={data}
pg1-port={port}
pg1-socket-path={base}
"""


def pgbackrest(c, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["runuser", "-u", "postgres", "--", "pgbackrest", f"--config={c.conf}", f"--stanza={STANZA}",
                           *args], capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"pgbackrest {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
    return done


def info(c) -> dict:
    return json.loads(pgbackrest(c, "--output=json", "info").stdout)[0]


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
def cluster(pg_clusters):
    c = pg_clusters({"archive_mode": "on", "wal_level": "replica"}, initdb_args=("-k",), start=False)
    c.conf = os.path.join(c.base, "pgbackrest.conf")
    with open(c.conf, "w") as f:
        f.write(CONF.format(base=c.base, data=c.data, port=c.port, stanza=STANZA))
    for d in ("repo", "pgbr-log", "pgbr-lock", "pgbr-spool"):
        os.makedirs(os.path.join(c.base, d))
        shutil.chown(os.path.join(c.base, d), "postgres")
    shutil.chown(c.conf, "postgres")
    c.settings["archive_command"] = f"'pgbackrest --config={c.conf} --stanza={STANZA} archive-push %p'"
    c.start()
    pgbackrest(c, "stanza-create")
    c.sql(f"CREATE ROLE {MON} LOGIN")
    yield c
    c.destroy()


def session(c, backup=None):
    """A new session per read: pgbackrest info is read once per session (ctx.memo), as in one inspection."""
    s = open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON))
    s.backup = backup
    return s


def runs(c, *codes, backup=None, overrides=None, win=None):
    with session(c, backup) as s:
        return {code: run(s, code, (overrides or {}).get(code), win) for code in codes}


ALL = ("BAK014", "BAK015", "BAK016", "BAK017")


def test_stanza_and_argv_from_archive_command():
    assert pbr.from_command("pgbackrest --config=/etc/pgbackrest/pgbackrest.conf --stanza=main archive-push %p") == \
        ("main", "/etc/pgbackrest/pgbackrest.conf")
    assert pbr.from_command("/usr/bin/pgbackrest --stanza main archive-push %p") == ("main", None)
    assert pbr.from_command('pgbackrest --stanza="db1" archive-get %f "%p"') == ("db1", None)
    assert pbr.from_command("test ! -f /mnt/%f && cp %p /mnt/%f") is None
    assert pbr.from_command("pgbackrest --stanza=$(rm -rf /) archive-push %p") is None  # not a stanza name: not taken
    assert pbr.argv("main", "/etc/pgbackrest/pgbackrest.conf") == [
        "pgbackrest", "--output=json", "--log-level-console=off", "--log-level-stderr=warn", "--log-level-file=off",
        "--stanza=main", "--config=/etc/pgbackrest/pgbackrest.conf", "info"]
    for bad in ("-x", "a b", "a;b", ""):
        with pytest.raises(ValueError):
            pbr.check_stanza(bad)
    with pytest.raises(ValueError):
        pbr.check_config("relative/pgbackrest.conf")


def test_where_pgbackrest_runs():
    class Target:
        host = "db1.example.com"

    class Remote:
        target = Target()

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("10.0.0.5")
    with pytest.raises(CollectSkip) as skip:
        runner_for(Remote(), "pgbackrest")
    assert skip.value.skip_reason == "unreachable"
    assert skip.value.en.startswith("not inspected: pgbackrest runs on the database host db1.example.com")
    attached = Remote()
    attached.command_runner = object()  # the SSH command collector plugs in here
    assert runner_for(attached, "pgbackrest") is attached.command_runner


def test_no_stanza_is_not_applicable(pg_session):
    """The shared server archives without pgBackRest and the inventory names no stanza."""
    finding = run(pg_session, "BAK014")
    assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "not_applicable", finding.message.en
    assert "no pgBackRest stanza" in finding.message.en and "a backup: block with tool: pgbackrest" in finding.message.en


def test_stanza_lifecycle(cluster):
    # --- a stanza with no backup yet
    before = runs(cluster, *ALL)
    assert before["BAK016"].outcome is Outcome.WARNING and "no valid backups" in before["BAK016"].message.en
    assert before["BAK014"].outcome is Outcome.CRITICAL and "no good backup on record" in before["BAK014"].message.en
    assert before["BAK015"].outcome is Outcome.WARNING and "records completed backups only" in before["BAK015"].message.en
    v = cluster.sql("SHOW server_version")
    record(before["BAK016"], "postgresql", v, "no-backups", f"recorded from a private PostgreSQL {v} cluster and pgBackRest "
           "2.45 by test_pgbackrest.py: stanza-create, no backup yet")
    record(before["BAK014"], "postgresql", v, "no-backup", f"recorded from a private PostgreSQL {v} cluster and pgBackRest "
           "2.45 by test_pgbackrest.py: stanza-create, no backup yet")
    assert before["BAK017"].outcome is Outcome.OK, before["BAK017"].message.en
    assert "no WAL in the repository's archive yet, and the server has archived none" in before["BAK017"].message.en

    # --- one good full backup
    started = dt.datetime.now(dt.timezone.utc)
    pgbackrest(cluster, "--type=full", "backup")
    full = info(cluster)["backup"][-1]
    assert full["type"] == "full" and full["error"] is False
    good = runs(cluster, *ALL)
    for code in ALL:
        assert good[code].outcome is Outcome.OK, (code, good[code].message.en)
        record(good[code], "postgresql", v, "healthy", f"recorded from a private PostgreSQL {v} cluster and pgBackRest "
               "2.45 by test_pgbackrest.py: one good full backup")
    row = good["BAK014"].evidence[0]
    assert row["newest_label"] == row["full_label"] == full["label"] and row["newest_type"] == "full"
    assert 0 <= row["newest_age_h"] < (dt.datetime.now(dt.timezone.utc) - started).total_seconds() / 3600 + 0.01
    assert row["diff_age_h"] is None and row["incr_age_h"] is None
    assert full["label"] in good["BAK014"].message.en and "full" in good["BAK014"].message.en
    assert "全量" in good["BAK014"].message.zh
    assert good["BAK015"].evidence[0]["good_in_window"] == 1
    st = good["BAK016"].evidence[0]
    assert st["status_code"] == 0 and st["system_id_match"] is True
    assert st["server_system_id"] == cluster.sql("SELECT system_identifier::text FROM pg_control_system()")
    arch = good["BAK017"].evidence[0]
    assert arch["backup_label"] == full["label"] and arch["backup_wal_in_archive"] is True
    assert arch["archive_max"] >= full["archive"]["stop"]

    # --- made old honestly: thresholds below its real age, then a window that ends before it finished
    age_h = row["newest_age_h"]
    old = runs(cluster, "BAK014", overrides={"BAK014": {"backup_age_h": {"warning": age_h / 4, "critical": 1000}}})["BAK014"]
    assert old.outcome is Outcome.WARNING and old.message.en.count(full["label"]) == 1, old.message.en
    assert "a restore now loses everything since" in old.message.en
    older = runs(cluster, "BAK014", overrides={"BAK014": {"backup_age_h": {"warning": age_h / 4, "critical": age_h / 2}}})
    assert older["BAK014"].outcome is Outcome.CRITICAL
    record(older["BAK014"], "postgresql", v, "stale", f"recorded from a private PostgreSQL {v} cluster and pgBackRest 2.45 "
           "by test_pgbackrest.py: one good full backup, thresholds below its real age",
           thresholds={"backup_age_h": {"warning": age_h / 4, "critical": age_h / 2}})
    full_old = runs(cluster, "BAK014", overrides={"BAK014": {"full_age_h": {"warning": age_h / 4, "critical": 1000}}})
    assert full_old["BAK014"].outcome is Outcome.WARNING and "newest good full backup" in full_old["BAK014"].message.en
    stopped_at = dt.datetime.fromtimestamp(full["timestamp"]["stop"], dt.timezone.utc)
    before_it = (stopped_at - dt.timedelta(days=1), stopped_at - dt.timedelta(seconds=1))
    as_of = runs(cluster, "BAK014", "BAK015", win=before_it)
    assert as_of["BAK014"].outcome is Outcome.CRITICAL and "no good backup on record" in as_of["BAK014"].message.en
    assert as_of["BAK015"].outcome is Outcome.WARNING

    # --- a backup that fails mid-way: the archive is made read-only, so the backup copies its files and then
    # times out waiting for its stop WAL to be archived
    archive_id = os.path.join(cluster.base, "repo", "archive", STANZA, info(cluster)["archive"][0]["id"])
    segdir = os.path.join(archive_id, sorted(d for d in os.listdir(archive_id) if len(d) == 16)[-1])
    after_full = dt.datetime.now(dt.timezone.utc)
    entries_before = sorted(os.listdir(os.path.join(cluster.base, "repo", "backup", STANZA)))
    os.chmod(segdir, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        failed = pgbackrest(cluster, "--type=incr", "--archive-timeout=2", "backup", check=False)
        assert failed.returncode == 82 and "was not archived before the 2000ms timeout" in failed.stderr, failed.stderr
        now_win = (after_full, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
        seen = runs(cluster, *ALL, win=now_win, overrides={"BAK017": {"segments_behind": {"warning": 1, "critical": 1000}}})
    finally:
        os.chmod(segdir, 0o750)
    # pgBackRest kept nothing of the failed attempt: no backup entry, no directory in the repository
    assert [b["label"] for b in info(cluster)["backup"]] == [full["label"]]
    assert sorted(os.listdir(os.path.join(cluster.base, "repo", "backup", STANZA))) == entries_before
    assert seen["BAK015"].outcome is Outcome.WARNING, seen["BAK015"].message.en
    assert "0 good backup(s) finished inside the window" in seen["BAK015"].message.en
    assert "a run that failed or was killed leaves no record" in seen["BAK015"].message.en
    assert seen["BAK014"].outcome is Outcome.OK  # the full is still young
    assert seen["BAK016"].outcome is Outcome.OK
    assert seen["BAK017"].outcome is Outcome.WARNING, seen["BAK017"].message.en
    assert seen["BAK017"].evidence[0]["segments_behind"] >= 1
    failed_note = (f"recorded from a private PostgreSQL {v} cluster and pgBackRest 2.45 by test_pgbackrest.py: a backup "
                   "that failed mid-way (archive read-only, archive-timeout), window after the good full")
    record(seen["BAK015"], "postgresql", v, "failed-unrecorded", failed_note)
    record(seen["BAK017"], "postgresql", v, "behind", failed_note, thresholds={"segments_behind": {"warning": 1, "critical": 1000}})

    # --- a backup that completes with page checksum errors
    cluster.sql("CREATE TABLE dbp_pages AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 2000) g")
    cluster.sql("CHECKPOINT")
    path = os.path.join(cluster.data, cluster.sql("SELECT pg_relation_filepath('dbp_pages')"))
    with open(path, "r+b") as f:  # the middle of block 0: its stored checksum no longer matches
        f.seek(4096)
        f.write(b"\xde\xad\xbe\xef" * 16)
    pgbackrest(cluster, "--type=diff", "backup")
    diff = info(cluster)["backup"][-1]
    assert diff["type"] == "diff" and diff["error"] is True, diff
    bad = runs(cluster, "BAK014", "BAK015", win=(after_full, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)))
    assert bad["BAK015"].outcome is Outcome.CRITICAL, bad["BAK015"].message.en
    assert diff["label"] in bad["BAK015"].message.en and "page checksum errors" in bad["BAK015"].message.en
    record(bad["BAK015"], "postgresql", v, "checksum-errors", f"recorded from a private PostgreSQL {v} cluster and "
           "pgBackRest 2.45 by test_pgbackrest.py: a differential backup of a data page overwritten on disk (error: true)")
    assert bad["BAK014"].evidence[0]["newest_label"] == full["label"]  # the errored diff is not a good backup
    assert bad["BAK014"].evidence[0]["other_backups"] == 1 and bad["BAK014"].evidence[0]["diff_label"] is None
    cluster.sql("DROP TABLE dbp_pages")  # later backups copy no corrupted page

    # --- the inventory's stanza wins over archive_command
    wrong = runs(cluster, "BAK016", "BAK014", backup=BackupTool(tool="pgbackrest", stanza="nosuch", config=cluster.conf))
    assert wrong["BAK016"].outcome is Outcome.CRITICAL and "missing stanza path" in wrong["BAK016"].message.en
    assert wrong["BAK016"].evidence[0]["stanza"] == "nosuch"
    record(wrong["BAK016"], "postgresql", v, "missing-stanza", f"recorded from a private PostgreSQL {v} cluster and "
           "pgBackRest 2.45 by test_pgbackrest.py: the inventory names a stanza that does not exist")
    assert wrong["BAK014"].outcome is Outcome.SKIPPED and wrong["BAK014"].skip_reason == "unreachable"
    assert "pgBackRest cannot read stanza nosuch" in wrong["BAK014"].message.en
    named = runs(cluster, "BAK016", backup=BackupTool(tool="pgbackrest", stanza=STANZA, config=cluster.conf))["BAK016"]
    assert named.outcome is Outcome.OK and "stanza from inventory" in named.evidence[0]["note"]


def test_a_config_pgbackrest_cannot_read_is_not_inspected(cluster):
    """pgbackrest itself fails (exit 55, the named config file is missing): not inspected, with its error."""
    missing = BackupTool(tool="pgbackrest", stanza=STANZA, config=os.path.join(cluster.base, "no-such.conf"))
    found = runs(cluster, "BAK016", "BAK014", backup=missing)
    for finding in found.values():
        assert finding.outcome is Outcome.SKIPPED and finding.skip_reason == "unreachable", finding.message.en
        assert finding.message.en.startswith("not inspected: pgbackrest info for stanza dbp failed on this machine "
                                             "(exit 55): ERROR: [055]: unable to open missing file"), finding.message.en


def test_another_clusters_stanza_and_wal_sent_elsewhere(cluster, pg_clusters):
    """The stanza the inventory names is (1) another cluster's, (2) this cluster's in a second repository that
    archive_command does not feed."""
    v = cluster.sql("SHOW server_version")
    other = pg_clusters({"wal_level": "replica"})
    conf = os.path.join(cluster.base, "second.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(base=cluster.base, data=other.data, port=other.port, stanza="other").replace(
            "/repo\n", "/repo2\n").replace("pg1-socket-path=" + cluster.base, "pg1-socket-path=" + other.base)
            + f"\n[dbp2]\npg1-path={cluster.data}\npg1-port={cluster.port}\npg1-socket-path={cluster.base}\n")
    os.makedirs(os.path.join(cluster.base, "repo2"))
    shutil.chown(os.path.join(cluster.base, "repo2"), "postgres")
    shutil.chown(conf, "postgres")
    for stanza in ("other", "dbp2"):
        done = subprocess.run(["runuser", "-u", "postgres", "--", "pgbackrest", f"--config={conf}", f"--stanza={stanza}",
                               "stanza-create"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    foreign = runs(cluster, "BAK016", "BAK014", backup=BackupTool(tool="pgbackrest", stanza="other", config=conf))
    assert foreign["BAK016"].outcome is Outcome.CRITICAL, foreign["BAK016"].message.en
    assert "holds another cluster's backups" in foreign["BAK016"].message.en
    row = foreign["BAK016"].evidence[0]
    assert row["system_id_match"] is False
    assert row["stanza_system_ids"] == other.sql("SELECT system_identifier::text FROM pg_control_system()")
    assert foreign["BAK014"].outcome is Outcome.SKIPPED and "describes another cluster" in foreign["BAK014"].message.en
    record(foreign["BAK016"], "postgresql", v, "other-cluster", f"recorded from two private PostgreSQL {v} clusters and "
           "pgBackRest 2.45 by test_pgbackrest.py: the inventory names the other cluster's stanza")

    # this cluster's stanza in a repository archive_command does not feed: a backup taken without archive-check
    cluster.sql("SELECT pg_switch_wal()")  # the server archives one more segment (into stanza dbp's repository)
    done = subprocess.run(["runuser", "-u", "postgres", "--", "pgbackrest", f"--config={conf}", "--stanza=dbp2",
                           "--no-archive-check", "--type=full", "backup"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    elsewhere = runs(cluster, "BAK017", "BAK014", backup=BackupTool(tool="pgbackrest", stanza="dbp2", config=conf))
    assert elsewhere["BAK014"].outcome is Outcome.OK, elsewhere["BAK014"].message.en
    assert elsewhere["BAK017"].outcome is Outcome.CRITICAL, elsewhere["BAK017"].message.en  # … with no WAL to restore it
    assert "no WAL at all in the repository's archive for this cluster, though the server reports" in \
        elsewhere["BAK017"].message.en
    record(elsewhere["BAK017"], "postgresql", v, "wal-elsewhere", f"recorded from a private PostgreSQL {v} cluster and "
           "pgBackRest 2.45 by test_pgbackrest.py: a second stanza of the cluster, backed up with --no-archive-check, "
           "which archive_command does not feed")


def test_inventory_backup_block_is_validated():
    from dbpatrol.errors import UserError
    from dbpatrol.inventory import parse_inventory

    def inv(engine: str, backup: dict):
        return {"businesses": [{"name": "b", "hosts": [{"name": "h", "address": "127.0.0.1", "instances": [
            {"name": "i", "engine": engine, "port": 5432, "user": "mon", "backup": backup}]}]}]}

    good = parse_inventory(inv("postgresql", {"tool": "pgbackrest", "stanza": "main",
                                              "config": "/etc/pgbackrest/pgbackrest.conf"}))
    assert good.targets[0].instance.backup.stanza == "main"
    for engine, backup, says in (
            ("mariadb", {"tool": "pgbackrest", "stanza": "main"}, "is read for PostgreSQL instances"),
            ("postgresql", {"tool": "pgbackrest", "stanza": "main; rm -rf /"}, "a stanza name is letters"),
            ("postgresql", {"tool": "pgbackrest", "stanza": "main", "config": "pgbackrest.conf"}, "absolute path"),
            ("postgresql", {"tool": "barman", "stanza": "main"}, "backup.tool"),
            ("postgresql", {"tool": "pgbackrest", "stanza": "main", "repo": 1}, "backup.repo")):
        with pytest.raises(UserError) as err:
            parse_inventory(inv(engine, backup))
        assert says in str(err.value), str(err.value)


def test_pgbackrest_info_over_the_ssh_command_collector(cluster):
    """With SSH access to the instance's host (inventory hosts[].ssh), pgbackrest info runs there: a real sshd
    on a loopback port (tests/sshd.py); a host key that is not the one known_hosts lists → not inspected."""
    from pathlib import Path

    from dbpatrol.inventory import SshConfig
    from dbpatrol.ssh import HostAccess
    from tests.sshd import Sshd, available, keygen

    if available() is not None:
        pytest.skip(available())
    if not info(cluster).get("backup"):  # run alone: the stanza gets its first backup here
        pgbackrest(cluster, "--type=full", "backup")
    d = Sshd().start()
    accesses = []
    try:
        def over_ssh(known_hosts=None):
            a = HostAccess("dbhost", "127.0.0.1", SshConfig.model_validate(d.inventory_ssh(known_hosts)), 3.0)
            accesses.append(a)
            s = session(cluster)
            s.host_access = a
            return s

        with over_ssh() as s:
            found = {code: run(s, code) for code in ("BAK016", "BAK014")}
        assert found["BAK016"].outcome is Outcome.OK, found["BAK016"].message.en
        assert found["BAK016"].evidence[0]["note"].startswith(f"read on dbhost over ssh (root@127.0.0.1:{d.port})")
        assert found["BAK014"].outcome is Outcome.OK and found["BAK014"].evidence[0]["good_backups"] >= 1
        assert accesses[0].commands_run == 1  # one pgbackrest info for both checks

        keygen(d.dir / "impostor")
        wrong = d.write_known_hosts(Path(f"{d.dir}/impostor.pub"), d.dir / "known_hosts.wrong")
        with over_ssh(wrong) as s:
            refused = run(s, "BAK014")
        assert refused.outcome is Outcome.SKIPPED and refused.skip_reason == "unreachable", refused.message.en
        assert refused.message.en.startswith("not inspected: host key of dbhost"), refused.message.en
    finally:
        for a in accesses:
            a.close()
        d.cleanup()


def test_each_repository_is_judged_apart(pg_clusters):
    """A stanza in two repositories (repo1-path, repo2-path; archive-push feeds both) backed up to repo1 only:
    repo2 holds nothing to restore from. BAK014 / BAK015 rate each repository apart (source 'stanza dbp repo2'),
    so repo1's fresh full does not hide it."""
    c = pg_clusters({"archive_mode": "on", "wal_level": "replica"}, start=False)
    c.conf = os.path.join(c.base, "pgbackrest.conf")
    with open(c.conf, "w") as f:
        f.write(CONF.format(base=c.base, data=c.data, port=c.port, stanza=STANZA).replace(
            "/repo\n", f"/repo\nrepo2-path={c.base}/repo2\n"))
    for d in ("repo", "repo2", "pgbr-log", "pgbr-lock", "pgbr-spool"):
        os.makedirs(os.path.join(c.base, d))
        shutil.chown(os.path.join(c.base, d), "postgres")
    shutil.chown(c.conf, "postgres")
    c.settings["archive_command"] = f"'pgbackrest --config={c.conf} --stanza={STANZA} archive-push %p'"
    c.start()
    try:
        pgbackrest(c, "stanza-create")
        c.sql(f"CREATE ROLE {MON} LOGIN")
        pgbackrest(c, "--repo=1", "--type=full", "backup")
        doc = info(c)
        assert [r["key"] for r in doc["repo"]] == [1, 2] and [b["database"]["repo-key"] for b in doc["backup"]] == [1]
        found = runs(c, "BAK014", "BAK015")
        by_source = {r["source"]: r for r in found["BAK014"].evidence}
        assert set(by_source) == {"stanza dbp repo1", "stanza dbp repo2"}, by_source
        assert by_source["stanza dbp repo1"]["good_backups"] == 1 and by_source["stanza dbp repo2"]["good_backups"] == 0
        assert found["BAK014"].outcome is Outcome.CRITICAL, found["BAK014"].message.en
        assert found["BAK014"].message.en.startswith("stanza dbp repo2 (pgbackrest): no good backup on record")
        assert found["BAK015"].outcome is Outcome.WARNING, found["BAK015"].message.en
        assert found["BAK015"].message.en.startswith("stanza dbp repo2 (pgbackrest): 0 good backup(s)")
    finally:
        c.destroy()
