"""Host/OS checks over SSH (issue 10 items 2, 3, 5) against a real OpenSSH server.

tests/sshd.py starts Debian's sshd on a free loopback port with a throwaway host key and user key; the
local PostgreSQL and MariaDB run on this same host, so SSH to 127.0.0.1 sees their real directories,
PIDs and limits. Planted for real: a tmpfs mounted for a PostgreSQL tablespace and filled (space and
inodes), a changed host key and an empty known_hosts, a command that hangs (a sleeping stand-in for
``getconf`` first on the sshd session's PATH, SetEnv in its config), a TCP port that accepts and never
answers (a hung sshd) and a closed one. Kernel log lines that cannot be planted honestly (an OOM kill,
an I/O error) come through a stand-in ``dmesg`` on that PATH printing recorded lines; the real dmesg
and /proc/stat are read by the end-to-end inspection.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from checks import registry
from checks.execute import run_check
from dbpatrol.inventory import SshConfig
from dbpatrol.results import Outcome
from dbpatrol.ssh import HostAccess, HostPool, NoSsh, command_line, safe_path
from tests.harness import MON_PASSWORD, MON_USER
from tests.sshd import Sshd, available, free_port, keygen

pytestmark = pytest.mark.skipif(available() is not None, reason=available() or "")

NOW = dt.datetime.now(dt.timezone.utc)
WINDOW = (NOW - dt.timedelta(days=1), NOW + dt.timedelta(minutes=1))


@pytest.fixture(scope="module")
def sshd():
    d = Sshd().start()
    yield d
    d.cleanup()


@pytest.fixture(scope="module")
def wrong_known_hosts(sshd) -> Path:
    keygen(sshd.dir / "impostor")
    return sshd.write_known_hosts(Path(f"{sshd.dir}/impostor.pub"), sshd.dir / "known_hosts.wrong")


def access(sshd, known_hosts=None, name="local", timeout=3.0) -> HostAccess:
    return HostAccess(name, "127.0.0.1", SshConfig.model_validate(sshd.inventory_ssh(known_hosts)), timeout)


def check(code: str, timeout_s: float | None = None):
    c = registry.load().get(code)
    if timeout_s is not None:
        c = type(c)(spec=c.spec.model_copy(update={"timeout_s": timeout_s}), folder=c.folder, sql=c.sql,
                    collectors=c.collectors)
    return c


def run(session, code: str, window=WINDOW, timeout_s=None, thresholds=None):
    eff = registry.load().effective_thresholds(code, [("run", {code: thresholds or {}})])
    return run_check(session, check(code, timeout_s), eff, window)


def local_pct(path: str) -> float:
    st = os.statvfs(path)
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    avail = st.f_bavail * st.f_frsize
    return round(100.0 * used / (used + avail), 1)


# ----- the end-to-end inspection ----------------------------------------------------------------


def test_monthly_inspection_reports_os_checks_over_ssh_and_refuses_a_wrong_host_key(
        prefect_harness, sshd, wrong_known_hosts, pg_admin, pg_monitor_user, my_monitor_user, monkeypatch, tmp_path):
    from dbpatrol.cli import app

    pw = {"env": "DBPATROL_TEST_MON_PW"}
    pg = {"engine": "postgresql", "port": 5432, "database": "test", "user": MON_USER, "password": pw}
    inv = {"businesses": [{"name": "core", "hosts": [
        {"name": "local", "address": "127.0.0.1", "ssh": sshd.inventory_ssh(),
         "instances": [{"name": "pg", **pg}, {"name": "maria", "engine": "mariadb", "port": 3306, "user": MON_USER,
                                               "password": pw}]},
        {"name": "impostor", "address": "127.0.0.1", "ssh": sshd.inventory_ssh(wrong_known_hosts),
         "instances": [{"name": "pg-wrong-key", **pg}]},
        {"name": "bare", "address": "127.0.0.1", "instances": [{"name": "pg-no-ssh", **pg}]},
    ]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    monkeypatch.setenv("DBPATROL_TEST_MON_PW", MON_PASSWORD)
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    res = CliRunner().invoke(app, ["inspect", "--tier", "monthly", "--inventory", str(path), "--only", "os", "--json",
                                   "--format", "json", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert MON_PASSWORD not in out and sshd.user_key.read_text().split("\n")[1] not in out
    by = {i["name"]: {f["code"]: f for f in i["findings"] if f["category"] == "os"} for i in json.loads(out)["instances"]}
    reg = registry.load()
    codes = {c.code for c in reg.select("monthly", "postgresql", category="os")}
    assert codes == {c.code for c in reg.select("monthly", "mariadb", category="os")}  # OSH020 is Oracle's
    assert set(by["pg"]) == set(by["maria"]) == codes

    for name in ("pg", "maria"):  # real values from the host, as this process sees them itself
        f = by[name]
        assert all(x["outcome"] in ("OK", "WARNING", "CRITICAL") for x in f.values()), \
            {k: x["message"]["en"] for k, x in f.items() if x["outcome"] in ("SKIPPED", "ERROR")}
        data = next(r for r in f["OSH001"]["evidence"] if r["role"].startswith("data"))
        assert abs(data["used_pct"] - local_pct(data["path"])) < 0.5
        mem = f["OSH003"]["evidence"][0]
        total = int(next(ln for ln in open("/proc/meminfo") if ln.startswith("MemTotal")).split()[1])
        assert mem["mem_total_mb"] == round(total / 1024)
        assert f["OSH004"]["evidence"][0]["cpus"] == os.cpu_count()
        limits = {r["limit"]: r for r in f["OSH007"]["evidence"]}
        assert Path(f"/proc/{limits['open_files']['pid']}/comm").read_text().strip() in ("postgres", "mariadbd", "mysqld")
    with pg_admin.connect() as c:
        datadir = c.exec_driver_sql("SHOW data_directory").scalar()
    assert any(r["path"] == datadir for r in by["pg"]["OSH001"]["evidence"])
    postmaster = int(Path(datadir, "postmaster.pid").read_text().split()[0])
    assert by["pg"]["OSH007"]["evidence"][0]["pid"] == postmaster

    for code, f in by["pg-wrong-key"].items():  # the changed key: not inspected, with the reason, never accepted
        assert f["outcome"] == "SKIPPED" and f["skip_reason"] == "unreachable", (code, f["message"]["en"])
        assert f["message"]["en"].startswith(f"not inspected: host key of impostor (127.0.0.1:{sshd.port}) changed"), \
            f["message"]["en"]
        assert "SHA256:" in f["message"]["en"]
    for code, f in by["pg-no-ssh"].items():
        assert f["outcome"] == "SKIPPED" and f["message"]["en"] == "not inspected: no ssh configured for host bare"


# ----- host keys, refusals, hangs -----------------------------------------------------------------


def test_unknown_host_key_is_not_inspected(sshd, pg_session):
    empty = sshd.dir / "known_hosts.empty"
    empty.write_text("")
    pg_session.host_access = access(sshd, empty)
    f = run(pg_session, "OSH003")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "unreachable"
    assert f.message.en.startswith("not inspected: host key of local (127.0.0.1:") and " is unknown: " in f.message.en


def test_a_hung_command_is_cut_at_its_timeout_and_killed_on_the_host(sshd, pg_session):
    marker = sshd.dir / "getconf.pid"
    fake = sshd.bin / "getconf"
    fake.write_text(f"#!/bin/sh\necho $$ > {marker}\nexec sleep 60\n")
    fake.chmod(0o755)
    try:
        pg_session.host_access = access(sshd)
        t0 = time.monotonic()
        f = run(pg_session, "OSH004", timeout_s=2)
        took = time.monotonic() - t0
        assert f.outcome is Outcome.ERROR, f.message.en
        assert "`getconf _NPROCESSORS_ONLN` on local cut at its timeout (2s)" in f.message.en
        assert took < 2 + 5, took
        pid = int(marker.read_text())
        deadline = time.monotonic() + 5
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:  # timeout -k kills it on the host
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
        # the same connection goes on: the next check is answered
        assert run(pg_session, "OSH003").outcome in (Outcome.OK, Outcome.WARNING, Outcome.CRITICAL)
    finally:
        fake.unlink()


def test_a_hung_or_refusing_sshd_costs_its_timeout_and_stalls_no_other_host(sshd, pg_monitor_user):
    from checks.adapters import ConnectTarget, open_session

    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)  # accepts (the kernel completes the handshake) and never says a word
    refused = free_port()
    cfg = lambda port: SshConfig.model_validate({**sshd.inventory_ssh(), "port": port})  # noqa: E731
    hosts = {"hung": HostAccess("hung", "127.0.0.1", cfg(hung.getsockname()[1]), 1.5),
             "refused": HostAccess("refused", "127.0.0.1", cfg(refused), 1.5),
             "good": access(sshd, name="good")}
    results: dict[str, tuple] = {}

    def inspect(name):
        s = open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, "test", MON_USER, MON_PASSWORD))
        try:
            s.host_access = hosts[name]
            t0 = time.monotonic()
            f = run(s, "OSH003")
            results[name] = (f, time.monotonic() - t0)
        finally:
            s.close()

    try:
        threads = [threading.Thread(target=inspect, args=(n,)) for n in hosts]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        hung.close()
        for h in hosts.values():
            h.close()
    good, t_good = results["good"]
    assert good.outcome is not Outcome.SKIPPED and t_good < 3, (good.message.en, t_good)
    f, took = results["hung"]
    assert f.outcome is Outcome.SKIPPED and f.message.en.startswith("not inspected: ssh to root@127.0.0.1:"), f.message.en
    assert took < 2 * 1.5 + 6, took
    f, took = results["refused"]
    assert f.outcome is Outcome.SKIPPED and "ConnectionRefusedError" in f.message.en and took < 3, (f.message.en, took)


def test_one_connection_and_one_read_per_host_shared_by_its_instances(sshd, pg_session, my_session):
    pool = HostPool(3)

    class T:  # the two inventory targets on one host
        business, host, address, host_address = "core", "local", "127.0.0.1", "127.0.0.1"
        ssh = SshConfig.model_validate(sshd.inventory_ssh())

    pg_session.host_access = pool.for_target(T)
    my_session.host_access = pool.for_target(T)
    assert pg_session.host_access is my_session.host_access
    try:
        run(pg_session, "OSH003")
        n = pg_session.host_access.commands_run
        assert run(my_session, "OSH003").outcome is not Outcome.SKIPPED
        assert pg_session.host_access.commands_run == n  # /proc/meminfo read once for the host
    finally:
        pool.close()
    bare = type("B", (), {"business": "core", "host": "bare", "address": "h", "ssh": None})
    assert isinstance(HostPool().for_target(bare), NoSsh)


# ----- a small filesystem filled ---------------------------------------------------------------


@pytest.fixture
def small_tablespace(pg_admin):
    """An 8 MB tmpfs with 64 inodes mounted for a PostgreSQL tablespace (the directory the database
    names, so OSH001/OSH002 find it from the server as they would a real one)."""
    mnt = Path(tempfile.mkdtemp(prefix="dbpatrol-smallfs-"))  # under /tmp: the postgres user must reach it
    mnt.chmod(0o755)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=64,mode=0755", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    space = mnt / "ts"
    space.mkdir()
    subprocess.run(["chown", "postgres:postgres", str(space)], check=True)
    name = f"dbp_small_{os.getpid()}"
    eng = pg_admin.execution_options(isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            c.exec_driver_sql(f"CREATE TABLESPACE {name} LOCATION '{space}'")
        yield name, str(space), mnt
    finally:
        with eng.connect() as c:
            c.exec_driver_sql(f"DROP TABLESPACE IF EXISTS {name}")
        subprocess.run(["umount", str(mnt)], check=False)
        mnt.rmdir()


def test_a_full_filesystem_is_reported_with_its_path_and_value(sshd, pg_session, small_tablespace):
    name, space, mnt = small_tablespace
    pg_session.host_access = access(sshd)
    row = lambda f: next(r for r in f.evidence if r["path"] == space)  # noqa: E731
    healthy = run(pg_session, "OSH001")
    assert healthy.outcome is Outcome.OK, healthy.message.en  # the root filesystem here is below 70 %
    assert row(healthy)["role"] == f"tablespace {name}" and row(healthy)["used_pct"] < 5
    inodes = run(pg_session, "OSH002")
    assert inodes.outcome is Outcome.OK and row(inodes)["inodes"] == 64

    with open(mnt / "fill", "wb") as fh:  # 7.5 of 8 MB
        fh.write(b"\0" * (7 * 1024 * 1024 + 512 * 1024))
    for i in range(60):
        (mnt / f"f{i}").touch()
    pg_session.host_access = access(sshd)  # a new inspection: nothing cached
    full = run(pg_session, "OSH001")
    assert full.outcome is Outcome.CRITICAL, full.message.en
    pct = row(full)["used_pct"]
    assert pct >= 90 and abs(pct - local_pct(str(mnt))) < 0.5 and row(full)["mount"] == str(mnt)
    assert f"{space} (tablespace {name}) on {mnt} is {pct:g}% full" in full.message.en
    assert [o.key for o in full.objects] == [space]
    inodes = run(pg_session, "OSH002")
    assert inodes.outcome is Outcome.CRITICAL and row(inodes)["used_pct"] >= 97, inodes.message.en
    assert f"{space} (tablespace {name}) on {mnt}" in inodes.message.en


def test_oracle_directories_come_from_the_database_and_are_read_over_ssh(sshd, small_tablespace):
    """OSH001/OSH002 for Oracle: the directories come from V$DIAG_INFO / V$PARAMETER (replayed: no Oracle
    server here), are read with df over the real sshd, and ASM or USE_DB_RECOVERY_FILE_DEST destinations are
    left out with a note. The planted small filesystem stands in for a full archive destination."""
    from checks import host
    from tests.test_oracle_replay import ReplaySession

    _, _, mnt = small_tablespace
    adr = tempfile.mkdtemp(prefix="dbp-adr-")
    answers = {host.ORA_FACTS_SQL: [{"adr_base": adr, "diag_trace": f"{adr}", "audit_file_dest": "/tmp",
                                     "recovery_dest": "+RECO",
                                     "archive_dests": f'LOCATION="{mnt}" VALID_FOR=(ALL_LOGFILES,ALL_ROLES)\n'
                                                      "LOCATION=USE_DB_RECOVERY_FILE_DEST\n"
                                                      "SERVICE=stby ASYNC"}]}
    s = ReplaySession(answers=answers)
    s.host_access = access(sshd)
    f = run(s, "OSH001")
    by_path = {r["path"]: r for r in f.evidence}
    assert by_path[adr]["role"] == "diag+trace" and by_path["/tmp"]["role"] == "audit"
    assert by_path[str(mnt)]["role"] == "archive" and by_path[str(mnt)]["mount"] == str(mnt)
    assert abs(by_path[str(mnt)]["used_pct"] - local_pct(str(mnt))) < 0.5
    assert "fra directory '+RECO' left out (not an absolute path)" in (f.evidence[0]["note"] or "")
    assert not any("USE_DB_RECOVERY_FILE_DEST" in p or "stby" in p for p in by_path)
    assert s.sent.count(host.ORA_FACTS_SQL) == 1
    inodes = run(s, "OSH002")
    assert {r["path"] for r in inodes.evidence} == set(by_path)


# ----- the host-wide checks on this host -------------------------------------------------------


def test_host_wide_checks_read_this_host(sshd, my_session):
    my_session.host_access = access(sshd)
    thp = run(my_session, "OSH005")
    mode = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    assert thp.outcome is (Outcome.WARNING if "[always]" in mode else Outcome.OK), thp.message.en
    vm = run(my_session, "OSH006")
    swappiness = int(Path("/proc/sys/vm/swappiness").read_text())
    assert f"vm.swappiness = {swappiness}" in vm.message.en
    assert vm.outcome is (Outcome.WARNING if swappiness > 10 or Path("/proc/sys/vm/overcommit_memory").read_text().strip()
                          == "1" else Outcome.OK)
    assert run(my_session, "OSH006", thresholds={"max_swappiness": {"value": 100},
                                                   "allowed_overcommit": {"value": ["0", "1", "2"]}}).outcome is Outcome.OK
    clock = run(my_session, "OSH008")
    assert clock.outcome is Outcome.OK and abs(clock.evidence[0]["skew_s"]) < 1, clock.message.en
    limits = run(my_session, "OSH007", thresholds={"limit_pct_of_need": {"warning": 10 ** 9, "critical": 10 ** 9}})
    assert limits.outcome is Outcome.CRITICAL and "open_files soft limit" in limits.message.en  # forced: the rule bites
    boot = dt.datetime.fromtimestamp(int(next(ln for ln in open("/proc/stat") if ln.startswith("btime")).split()[1]),
                                     dt.timezone.utc)
    around = run(my_session, "OSH011", window=(boot - dt.timedelta(hours=1), boot + dt.timedelta(hours=1)))
    assert around.outcome is Outcome.WARNING and f"{boot:%Y-%m-%d %H:%M:%S} UTC" in around.message.en
    after = run(my_session, "OSH011", window=(boot + dt.timedelta(seconds=5), NOW + dt.timedelta(minutes=1)))
    assert after.outcome is Outcome.OK and "up since" in after.message.en


KERNEL = """\
2026-12-01T10:00:00,000000+00:00 EXT4-fs (vda1): mounted filesystem with ordered data mode
2026-12-01T10:05:00,000000+00:00 postgres invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0
2026-12-01T10:05:00,100000+00:00 Out of memory: Killed process 4242 (postgres) total-vm:8123456kB, anon-rss:7000000kB
2026-12-01T10:06:00,000000+00:00 Out of memory: Killed process 999 (java) total-vm:2000000kB, anon-rss:1500000kB
2026-12-01T10:07:00,000000+00:00 blk_update_request: I/O error, dev sdb, sector 123456 op 0x1:(WRITE) flags 0x800
2026-12-01T10:07:01,000000+00:00 Buffer I/O error on dev sdb1, logical block 15432, lost async page write
2026-12-01T10:08:00,000000+00:00 blk_update_request: I/O error, dev fd0, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1
2026-12-01T10:08:01,000000+00:00 Buffer I/O error on dev fd0, logical block 0, async page read
2026-12-01T10:08:02,000000+00:00 sr 2:0:0:0: [sr0] tag#0 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK
2026-12-01T10:08:03,000000+00:00 I/O error, dev sr0, sector 0 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0
"""


def test_kernel_log_oom_kills_and_io_errors_inside_the_window(sshd, pg_session):
    fake = sshd.bin / "dmesg"  # recorded kernel lines: an OOM kill cannot be planted on a shared machine
    fake.write_text("#!/bin/sh\ncat <<'EOF'\n" + KERNEL + "EOF\n")
    fake.chmod(0o755)
    try:
        inside = (dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 1, 11, tzinfo=dt.timezone.utc))
        pg_session.host_access = access(sshd)
        if pg_session.host_access.run(["journalctl", "--utc", "--no-pager", "-q", "--list-boots"], 5).text.strip():
            pytest.skip("this host has a journal: the kernel lines come from it, not from dmesg")
        oom = run(pg_session, "OSH009", window=inside)
        assert oom.outcome is Outcome.CRITICAL, oom.message.en
        assert "2 process(es) killed by the OOM killer inside the window, 1 of them the database's" in oom.message.en
        assert "postgres (4242)" in oom.message.en
        io = run(pg_session, "OSH010", window=inside)
        # the hypervisor's empty floppy / CD-ROM (fd0, sr0) are no database storage: their errors are not counted
        assert io.outcome is Outcome.WARNING and "2 I/O or filesystem error line(s)" in io.message.en, io.message.en
        before = (inside[0] - dt.timedelta(hours=3), inside[0] - dt.timedelta(hours=2))
        assert run(pg_session, "OSH009", window=before).outcome is Outcome.OK
        assert run(pg_session, "OSH010", window=before).outcome is Outcome.OK
    finally:
        fake.unlink()


def test_mariadb_error_log_read_over_ssh_as_locally(sshd, my_session, monkeypatch):
    from checks.logs import mariadb
    from checks.collect import context
    from dbpatrol.log_offsets import MemoryLogState

    if not os.path.isfile("/var/log/mysql/error.log"):
        pytest.skip("the local MariaDB has no error log file")
    c = registry.load().get("ERR015")
    local = mariadb.rows(context(my_session, WINDOW, 20, {}), ("error", "crash"))
    monkeypatch.setattr(mariadb, "_loopback", lambda host: False)  # as if the server ran on another host
    my_session.host_access = access(sshd)
    ctx = context(my_session, WINDOW, 20, {})
    ctx.state = MemoryLogState()
    ctx.memo = lambda key, fn: fn()
    remote = mariadb.rows(ctx, ("error", "crash"))
    assert remote[0]["bytes_read"] == local[0]["bytes_read"] and remote[1:] == local[1:]
    assert "read over SSH on 127.0.0.1" in remote[0]["notes_en"]
    my_session.host_access = NoSsh("db02")
    f = run_check(my_session, c, registry.load().effective_thresholds("ERR015", []), WINDOW)
    assert f.outcome is Outcome.SKIPPED and "no ssh configured for host db02" in f.message.en


# ----- the command line itself -----------------------------------------------------------------


def test_thp_mode_reads_the_bracketed_choice():
    from checks.host import thp_mode

    assert thp_mode("always [madvise] never") == "madvise"
    assert thp_mode("always defer [defer+madvise] madvise never") == "defer+madvise"  # defrag's choices


def test_command_line_quotes_every_word_and_refuses_what_it_cannot():
    line = command_line(["df", "-P", "-k", safe_path("/data/x y/$(reboot)/./pg//")], 10)
    assert line == "env LC_ALL=C timeout -k 2 10 df -P -k '/data/x y/$(reboot)/pg'"
    for bad in ("relative/dir", "/a\nb", "/a\x00b", None):
        with pytest.raises(ValueError):
            safe_path(bad)
    with pytest.raises(ValueError):
        command_line(["cat", "/a\nreboot"])
