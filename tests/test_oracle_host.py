"""Oracle's host checks over a real OpenSSH server (tests/sshd.py), with stand-ins where Oracle itself
cannot run here: RUN030 (listener), SEC011 (sqlnet.ora), OSH021 (kernel / HugePages), OSH007 (PMON's limits).

No Oracle software exists on this machine. What is real: the sshd, the login, the commands dbpatrol sends
and their quoting, the files read and the processes' limits. What stands in:

* ``lsnrctl``: a shell script at ORACLE_HOME/bin/lsnrctl (the ORACLE_HOME the inventory names) that fails
  unless ORACLE_HOME reached it through the command's ``env`` and it was asked ``status LISTENER``, and
  prints planted ``lsnrctl status`` output (written after 19c's format) with a planted exit status;
* ``sqlnet.ora``: a planted file in ORACLE_HOME/network/admin (or the inventory's TNS_ADMIN);
* /proc/sys, /proc/meminfo and /sys/kernel/mm/transparent_hugepage: a planted tree the collector is
  pointed at (its PROC / SYS roots), plus one read of this host's real files;
* PMON: a copy of /bin/sleep named ora_pmon_ORCL (so /proc/PID/comm says so), its limits set with prlimit;
* the database's answers (V$PROCESS, V$PARAMETER, V$SGA): replayed (tests/test_oracle_replay.py).

Each test asserts the planted object's name and value before and after it is planted.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from checks import registry
from checks.execute import run_check
from checks.host import oracle as host_oracle
from dbpatrol.inventory import OracleHost, SshConfig
from dbpatrol.results import Outcome
from dbpatrol.ssh import CommandResult, HostAccess
from tests.sshd import Sshd, available
from tests.test_oracle_replay import WINDOW, ReplaySession

pytestmark = pytest.mark.skipif(available() is not None, reason=available() or "")


class LoginEnvSshd(Sshd):
    """The sshd with what an oracle user's profile often exports in every session (sshd's SetEnv, as a
    .bashrc sourced by a non-interactive ssh command would): a Chinese NLS_LANG and a TNS_ADMIN of the
    database home. The commands must set the environment they need, not inherit it."""

    LOGIN_ENV = '"NLS_LANG=SIMPLIFIED CHINESE_CHINA.ZHS16GBK" TNS_ADMIN=/u01/app/oracle/profile/network/admin'

    def config(self):
        cfg = super().config()
        cfg.write_text(cfg.read_text().replace("\nSetEnv PATH=", f"\nSetEnv {self.LOGIN_ENV} PATH="))
        return cfg


@pytest.fixture(scope="module")
def sshd():
    d = LoginEnvSshd().start()
    yield d
    d.cleanup()


@pytest.fixture
def home():
    """A stand-in ORACLE_HOME under /tmp (the sshd session reads it as root)."""
    h = Path(tempfile.mkdtemp(prefix="dbp-orahome-"))
    (h / "bin").mkdir()
    (h / "network" / "admin").mkdir(parents=True)
    yield h
    shutil.rmtree(h, ignore_errors=True)


def access(sshd) -> HostAccess:  # a new one per inspection: nothing cached between runs
    return HostAccess("orahost", "127.0.0.1", SshConfig.model_validate(sshd.inventory_ssh()), 3.0)


def run(session, code, thresholds=None):
    eff = registry.load().effective_thresholds(code, [("run", {code: thresholds or {}})])
    return run_check(session, registry.load().get(code), eff, WINDOW)


def session(sshd, home: Path | None, answers=None, **oracle) -> ReplaySession:
    s = ReplaySession(answers=answers or {})
    s.host_access = access(sshd) if sshd is not None else None
    s.oracle_host = None if home is None else OracleHost(home=str(home), **oracle)
    return s


# ----- RUN030: lsnrctl status ------------------------------------------------------------------

STATUS = """\
LSNRCTL for Linux: Version 19.0.0.0.0 - Production on 01-DEC-2026 10:00:00

Copyright (c) 1991, 2019, Oracle.  All rights reserved.

Connecting to (DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=dbhost)(PORT=1521)))
STATUS of the LISTENER
------------------------
Alias                     LISTENER
Version                   TNSLSNR for Linux: Version 19.0.0.0.0 - Production
Start Date                20-NOV-2026 08:12:40
Uptime                    11 days 1 hr. 47 min. 20 sec
Trace Level               off
Security                  ON: Local OS Authentication
SNMP                      OFF
Listener Parameter File   /u01/app/oracle/product/19.0.0/dbhome_1/network/admin/listener.ora
Listener Log File         /u01/app/oracle/diag/tnslsnr/dbhost/listener/alert/log.xml
Listening Endpoints Summary...
  (DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST=dbhost)(PORT=1521)))
Services Summary...
{services}The command completed successfully
"""
SERVICE = 'Service "{name}" has 1 instance(s).\n  Instance "ORCL", status {status}, has 1 handler(s) for this service...\n'
DOWN = """\
LSNRCTL for Linux: Version 19.0.0.0.0 - Production on 01-DEC-2026 10:00:00

Copyright (c) 1991, 2019, Oracle.  All rights reserved.

Connecting to (DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=dbhost)(PORT=1521)))
TNS-12541: TNS:no listener
 TNS-12560: TNS:protocol adapter error
  TNS-00511: No listener
   Linux Error: 111: Connection refused
"""


def plant_lsnrctl(home: Path, output: str, rc: int = 0) -> None:
    (home / "status.out").write_text(output)
    script = home / "bin" / "lsnrctl"
    # like lsnrctl: messages in NLS_LANG's language (the zh lines here illustrate, they are not lsnrctl's own
    # text), listener.ora looked up in an inherited TNS_ADMIN unless the test expects that one (WANT_TNS)
    script.write_text(f"""#!/bin/sh
[ "$ORACLE_HOME" = "{home}" ] || {{ echo "ORACLE_HOME not passed: '$ORACLE_HOME'" >&2; exit 3; }}
[ "$1" = status ] && [ "$2" = "${{LISTENER_NAME:-LISTENER}}" ] || {{ echo "unexpected arguments: $*" >&2; exit 4; }}
[ -z "$TNS_ADMIN" ] || [ "$TNS_ADMIN" = "${{WANT_TNS:-}}" ] || {{ echo "TNS_ADMIN $TNS_ADMIN: TNS-01101" >&2; exit 5; }}
case "$NLS_LANG" in
  "SIMPLIFIED CHINESE"*) sed -e 's/^STATUS of the LISTENER/监听程序的状态/' -e 's/^Service "/服务 "/' "{home}/status.out" ;;
  *) cat "{home}/status.out" ;;
esac
exit {rc}
""")
    script.chmod(0o755)


def services(*pairs) -> str:
    return "".join(SERVICE.format(name=n, status=s) for n, s in pairs)


def test_listener_up_service_registered_then_missing_then_down(sshd, home):
    plant_lsnrctl(home, STATUS.format(services=services(("ORCL", "READY"), ("ORCLXDB", "READY"))))
    up = run(session(sshd, home), "RUN030")
    assert up.outcome is Outcome.OK, up.message.en
    mine = [r for r in up.evidence if r["service"] == "ORCL"]
    assert mine and mine[0]["status"] == "READY" and mine[0]["expected"] is True
    assert "listener LISTENER answers" in up.message.en and "ORCL READY" in up.message.en

    # the service unregistered (only the XDB dispatcher and another database's service left)
    plant_lsnrctl(home, STATUS.format(services=services(("ORCLXDB", "READY"), ("OTHERDB", "READY"))))
    gone = run(session(sshd, home), "RUN030")
    assert gone.outcome is Outcome.WARNING, gone.message.en
    assert "service ORCL is not registered" in gone.message.en and "OTHERDB" in gone.message.en

    plant_lsnrctl(home, STATUS.format(services=services(("orcl.example.com", "BLOCKED"))))
    blocked = run(session(sshd, home), "RUN030")
    assert blocked.outcome is Outcome.WARNING and "ORCL BLOCKED" in blocked.message.en, blocked.message.en

    plant_lsnrctl(home, DOWN.replace("TNS-12541: TNS:no listener", "TNS-01190: The user is not authorized to execute "
                                     "the requested listener command"), rc=1)
    denied = run(session(sshd, home), "RUN030")
    assert denied.outcome is Outcome.SKIPPED and denied.skip_reason == "privilege", denied.message.en
    assert "TNS-01190" in denied.message.en

    plant_lsnrctl(home, DOWN.split("TNS-12541")[0] + "TNS-01101: Could not find listener name or service name "
                  "LISTENER\n", rc=1)  # the name is not in that home's listener.ora: nothing said of the listener
    unknown = run(session(sshd, home), "RUN030")
    assert unknown.outcome is Outcome.ERROR and "TNS-01101: Could not find listener" in unknown.message.en, unknown.message.en

    plant_lsnrctl(home, DOWN, rc=1)
    down = run(session(sshd, home), "RUN030")
    assert down.outcome is Outcome.CRITICAL, down.message.en
    assert "TNS-12541: TNS:no listener" in down.message.en and down.evidence[0]["status"] == "down"


def test_listener_name_and_tns_admin_reach_lsnrctl(sshd, home):
    plant_lsnrctl(home, STATUS.format(services=services(("ORCL", "READY"))))
    script = home / "bin" / "lsnrctl"  # this stand-in also insists on TNS_ADMIN and the listener's name
    script.write_text(script.read_text().replace("#!/bin/sh\n", f'#!/bin/sh\n[ "$TNS_ADMIN" = "{home}/tns" ] || exit 5\n'
                                                 f"LISTENER_NAME=LISTENER_ORCL\nWANT_TNS={home}/tns\n"))
    ok = run(session(sshd, home, listener="LISTENER_ORCL", tns_admin=f"{home}/tns"), "RUN030")
    assert ok.outcome is Outcome.OK and "listener LISTENER_ORCL answers" in ok.message.en, ok.message.en
    wrong = run(session(sshd, home), "RUN030")  # default name LISTENER, no TNS_ADMIN: the stand-in exits 5
    assert wrong.outcome is Outcome.ERROR and "exit status 5" in wrong.message.en, wrong.message.en
    assert "inventory's oracle.home" in wrong.message.en  # a wrong inventory is not a listener down

    grid = home / "grid"  # RAC / Oracle Restart: lsnrctl from the Grid home, without the database's TNS_ADMIN
    (grid / "bin").mkdir(parents=True)
    plant_lsnrctl(grid, STATUS.format(services=services(("ORCL", "READY"))))
    g = grid / "bin" / "lsnrctl"
    g.write_text(g.read_text().replace("#!/bin/sh\n", '#!/bin/sh\n[ -z "$TNS_ADMIN" ] || exit 6\n'))
    rac = run(session(sshd, home, tns_admin=f"{home}/tns", listener_home=str(grid)), "RUN030")
    assert rac.outcome is Outcome.OK and f"({grid})" not in rac.message.en, rac.message.en
    assert rac.evidence[0]["oracle_home"] == str(grid)


def test_no_ssh_or_no_oracle_home_is_skipped_never_ok(sshd, home):
    for code in ("RUN030", "SEC011"):
        no_ssh = run(session(None, home), code)
        assert no_ssh.outcome is Outcome.SKIPPED and "no ssh configured" in no_ssh.message.en
        no_home = run(session(sshd, None), code)
        assert no_home.outcome is Outcome.SKIPPED and "not configured" in no_home.message.en, no_home.message.en
    missing = run(session(sshd, home), "RUN030")  # no lsnrctl in this home: the inventory is wrong, not the listener
    assert missing.outcome is Outcome.ERROR and "could not be run" in missing.message.en, missing.message.en


# ----- SEC011: sqlnet.ora ----------------------------------------------------------------------

STRONG = """\
# server side
SQLNET.ENCRYPTION_SERVER = required
SQLNET.ENCRYPTION_TYPES_SERVER = (AES256, AES192)
SQLNET.CRYPTO_CHECKSUM_SERVER = REQUIRED
SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER =
  (SHA256, SHA512)
"""


def test_sqlnet_encryption_required_then_accepted_weak_rejected_absent(sshd, home):
    ora = home / "network" / "admin" / "sqlnet.ora"
    ora.write_text(STRONG)
    ok = run(session(sshd, home), "SEC011")
    assert ok.outcome is Outcome.OK, ok.message.en
    assert f"{ora}: network encryption and integrity required" in ok.message.en
    assert "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER = (SHA256, SHA512)" in ok.message.en  # the continued line

    ora.write_text(STRONG.replace("= required", "= ACCEPTED  # planted").replace("AES192", "3DES168"))
    weak = run(session(sshd, home), "SEC011")
    assert weak.outcome is Outcome.WARNING, weak.message.en
    assert "SQLNET.ENCRYPTION_SERVER = ACCEPTED, expected REQUIRED" in weak.message.en
    assert "SQLNET.ENCRYPTION_TYPES_SERVER allows 3DES168 (weak)" in weak.message.en
    assert {o.key for o in weak.objects if o.outcome is Outcome.WARNING} == {
        "SQLNET.ENCRYPTION_SERVER", "SQLNET.ENCRYPTION_TYPES_SERVER"}

    ora.write_text(STRONG + "IFILE = /etc/oracle/common_sqlnet.ora\n")
    inc = run(session(sshd, home), "SEC011")
    assert inc.outcome is Outcome.OK and "IFILE = /etc/oracle/common_sqlnet.ora is not read" in inc.message.en

    ora.write_text(STRONG.replace("= required", "= REJECTED"))
    assert run(session(sshd, home), "SEC011").outcome is Outcome.CRITICAL

    ora.unlink()
    absent = run(session(sshd, home), "SEC011")
    assert absent.outcome is Outcome.WARNING, absent.message.en
    assert "the file does not exist" in absent.message.en
    assert "SQLNET.ENCRYPTION_SERVER = not set (default ACCEPTED)" in absent.message.en

    tns = home / "tns"  # TNS_ADMIN elsewhere: read there, not in ORACLE_HOME/network/admin
    tns.mkdir()
    (tns / "sqlnet.ora").write_text(STRONG)
    there = run(session(sshd, home, tns_admin=str(tns)), "SEC011")
    assert there.outcome is Outcome.OK and f"{tns}/sqlnet.ora" in there.message.en, there.message.en


def test_sqlnet_ora_of_a_read_only_home_is_read_in_oracle_base_home(sshd, home):
    """21c's only configuration (and an option in 19c/23ai) is a read-only home: sqlnet.ora is in
    ORACLE_BASE_HOME/network/admin, printed by $ORACLE_HOME/bin/orabasehome; ORACLE_HOME/network/admin comes
    after it in the server's search order and may hold a stale copy."""
    base = home / "base" / "homes" / "OraDB21Home1"
    (base / "network" / "admin").mkdir(parents=True)
    (base / "network" / "admin" / "sqlnet.ora").write_text(STRONG)
    (home / "network" / "admin" / "sqlnet.ora").write_text(STRONG.replace("= required", "= ACCEPTED"))  # stale copy
    tool = home / "bin" / "orabasehome"
    tool.write_text(f'#!/bin/sh\n[ "$ORACLE_HOME" = "{home}" ] || exit 3\necho {base}\n')
    tool.chmod(0o755)
    ro = run(session(sshd, home), "SEC011")
    assert ro.outcome is Outcome.OK, ro.message.en
    assert f"{base}/network/admin/sqlnet.ora: network encryption and integrity required" in ro.message.en

    (base / "network" / "admin" / "sqlnet.ora").unlink()  # none in ORACLE_BASE_HOME: the home's is next in order
    nxt = run(session(sshd, home), "SEC011")
    assert nxt.outcome is Outcome.WARNING and f"{home}/network/admin/sqlnet.ora" in nxt.message.en, nxt.message.en


def test_unreadable_sqlnet_ora_is_skipped_missing_privilege():
    """The sshd here logs in as root, who reads any file: 'Permission denied' is fed to the collector by a
    host access that answers as a non-root ssh user's cat does (the one place this file uses a stand-in access)."""
    class Denied:
        host = "orahost"

        def run(self, argv, timeout_s, cache=True, max_bytes=0):
            return CommandResult(tuple(argv), 1, b"", f"cat: {argv[-1]}: Permission denied\n".encode())

    s = ReplaySession()
    s.host_access = Denied()
    s.oracle_host = OracleHost(home="/u01/app/oracle/product/19.0.0/dbhome_1")
    f = run(s, "SEC011")
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
    assert "dbhome_1/network/admin/sqlnet.ora is not readable" in f.message.en


def test_sqlnet_parser_reads_comments_continuations_and_case():
    p = host_oracle.parse_sqlnet("sqlnet.encryption_server=requested # c\nNAMES.DIRECTORY_PATH= (TNSNAMES,\n EZCONNECT)\n")
    assert p == {"SQLNET.ENCRYPTION_SERVER": "requested", "NAMES.DIRECTORY_PATH": "(TNSNAMES, EZCONNECT)"}


# ----- OSH021: kernel parameters, HugePages, THP -----------------------------------------------

GUIDE = {"kernel/sem": "250\t32000\t100\t128", "kernel/shmall": "2097152", "kernel/shmmax": "8589934592",
         "kernel/shmmni": "4096", "kernel/panic_on_oops": "1", "fs/file-max": "6815744", "fs/aio-max-nr": "1048576",
         "net/ipv4/ip_local_port_range": "9000\t65500", "net/core/rmem_default": "262144",
         "net/core/rmem_max": "4194304", "net/core/wmem_default": "262144", "net/core/wmem_max": "1048576"}
MEMINFO = ("MemTotal:       16384000 kB\nMemFree:         1000000 kB\nHugePages_Total:    {total}\n"
           "HugePages_Free:       60\nHugePages_Rsvd:        0\nHugepagesize:       2048 kB\n")
SGA = {host_oracle.ORA_MEMORY_SQL: [{"sga_max_size": "5368709120", "sga_bytes": 5368709120, "memory_target": "0",
                                     "memory_max_target": "0", "use_large_pages": "TRUE"}]}


SHM_HEAD = ("       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime"
            "      dtime      ctime                   rss                  swap\n")


def shm(*sizes: int) -> str:
    """/proc/sysvipc/shm as the kernel prints it, one segment per size (Oracle's SGA segments)."""
    return SHM_HEAD + "".join(f"         0 {i:10d}   600 {n:21d}  4242  4343     64  54321 54322 54321 54322 1764583200"
                              f" 1764583200 1764583200 {0:21d} {0:21d}\n" for i, n in enumerate(sizes))


def plant_proc(root: Path, sysctl: dict, hugepages: int, thp: str, segments=(5368709120, 12288)) -> None:
    (root / "proc" / "sysvipc").mkdir(parents=True, exist_ok=True)
    (root / "proc" / "sysvipc" / "shm").write_text(shm(*segments))
    for k, v in sysctl.items():
        (root / "proc" / "sys" / k).parent.mkdir(parents=True, exist_ok=True)
        (root / "proc" / "sys" / k).write_text(v + "\n")
    (root / "proc" / "meminfo").write_text(MEMINFO.format(total=hugepages))
    t = root / "sys" / "kernel" / "mm" / "transparent_hugepage"
    t.mkdir(parents=True, exist_ok=True)
    (t / "enabled").write_text(thp + "\n")


@pytest.fixture
def osh021_at(monkeypatch):
    fn = registry.load().get("OSH021").collector_for("oracle")

    def point(root: Path | None):
        monkeypatch.setitem(fn.__globals__, "PROC", "/proc" if root is None else f"{root}/proc")
        monkeypatch.setitem(fn.__globals__, "SYS", "/sys" if root is None else f"{root}/sys")
    return point


def test_kernel_and_hugepages_at_the_guide_then_planted_off(sshd, home, osh021_at):
    root = home / "host"
    plant_proc(root, GUIDE, hugepages=2620, thp="always madvise [never]")
    osh021_at(root)
    ok = run(session(sshd, home, answers=SGA), "OSH021")
    assert ok.outcome is Outcome.OK, ok.message.en
    assert "HugePages_Total 2,620 × 2,048 kB for an SGA of 5.0 GiB (2,560 pages needed)" in ok.message.en
    assert "transparent HugePages never" in ok.message.en

    (root / "proc" / "meminfo").write_text(MEMINFO.format(total=2620).replace("Free:       60", "Free:     2620"))
    unused = run(session(sshd, home, answers=SGA), "OSH021")  # planted: the pool allocated, the SGA not in it
    assert unused.outcome is Outcome.WARNING and "but only 0 in use or reserved" in unused.message.en, unused.message.en

    # planted: a second instance's 5 GiB SGA on the same host; the pool of 2,620 pages (2,560 in use) holds one
    # of the two SGAs, so one is in 4 KiB pages, whichever instance is asked
    plant_proc(root, GUIDE, hugepages=2620, thp="always madvise [never]", segments=(5368709120, 12288, 5368709120))
    two = run(session(sshd, home, answers=SGA), "OSH021")
    assert two.outcome is Outcome.WARNING, two.message.en
    assert "the host's 2 shared memory segments (this SGA and others: other instances) need 5,120 pages" in two.message.en
    assert "51.2% of the SGA fits" in two.message.en and "but only 2,560 in use" not in two.message.en
    (root / "proc" / "meminfo").write_text(MEMINFO.format(total=5200).replace("Free:       60", "Free:     2640"))
    big = run(session(sshd, home, answers=SGA), "OSH021")  # a pool for both, one SGA in it: still one outside
    assert big.outcome is Outcome.WARNING and "need 5,120 pages in all, but only 2,560 in use" in big.message.en, \
        big.message.en

    plant_proc(root, {**GUIDE, "fs/file-max": "65536", "net/ipv4/ip_local_port_range": "32768\t60999"}, hugepages=0,
               thp="[always] madvise never")
    bad = run(session(sshd, home, answers=SGA), "OSH021")
    assert bad.outcome is Outcome.WARNING, bad.message.en
    assert "fs.file-max = 65536 (install guide minimum 6815744)" in bad.message.en
    assert "net.ipv4.ip_local_port_range = 32768 60999" in bad.message.en
    assert "no HugePages configured" in bad.message.en and "transparent_hugepage/enabled = always" in bad.message.en
    assert {o.key for o in bad.objects} == {"fs.file-max", "net.ipv4.ip_local_port_range", "hugepages",
                                            "transparent_hugepage.enabled"}
    amm = run(session(sshd, home, answers={host_oracle.ORA_MEMORY_SQL: [{**SGA[host_oracle.ORA_MEMORY_SQL][0],
                                                                         "memory_target": "8589934592"}]}), "OSH021")
    assert "Automatic Memory Management is on" in amm.message.en and "no HugePages configured" not in amm.message.en


def test_kernel_settings_are_read_from_this_host(sshd, home, osh021_at):
    from checks.collect import CollectContext

    osh021_at(None)
    ctx = CollectContext(session=session(sshd, home, answers=SGA), window_start=WINDOW[0], window_end=WINDOW[1],
                         timeout_s=10)
    rows = {r["setting"]: r["value"] for r in registry.load().get("OSH021").collector_for("oracle")(ctx)}
    assert rows["fs.file-max"] == Path("/proc/sys/fs/file-max").read_text().strip()
    assert rows["kernel.sem"] == " ".join(Path("/proc/sys/kernel/sem").read_text().split())
    assert rows["oracle.sga_max_size"] == "5368709120"


# ----- OSH007: PMON's limits -------------------------------------------------------------------


@pytest.fixture
def pmon(home):
    exe = home / "ora_pmon_ORCL"
    shutil.copy("/bin/sleep", exe)
    p = subprocess.Popen([str(exe), "60"])
    try:
        yield p.pid
    finally:
        p.kill()
        p.wait()


def test_pmon_limits_against_the_install_guide(sshd, home, pmon):
    """The guide's hard nofile 65536 cannot be planted where the hard limit is lower (20,000 here, and
    raising a hard limit is refused in this container): the healthy case lowers the rated level to the
    share this host allows, and the guide's own level is shown to bite on the same process."""
    answers = {host_oracle.ORA_PROCESS_SQL: [{"pmon_spid": str(pmon), "processes": "3000"}]}
    hard = min(resource.getrlimit(resource.RLIMIT_NOFILE)[1], 65536)
    nproc = min(resource.getrlimit(resource.RLIMIT_NPROC)[1], 16384)
    resource.prlimit(pmon, resource.RLIMIT_NOFILE, (1024, hard))
    resource.prlimit(pmon, resource.RLIMIT_NPROC, (nproc, nproc))
    share = round(100.0 * min(hard / 65536, nproc / 16384, nproc / 3000, 1.0), 1)
    lowered = {"limit_pct_of_need": {"warning": share - 1, "critical": (share - 1) / 2}}
    ok = run(session(sshd, home, answers=answers), "OSH007", thresholds=lowered)
    assert ok.outcome is Outcome.OK, ok.message.en
    assert f"server process {pmon} (V$PROCESS.SPID of PMON)" in ok.message.en
    assert "processes soft" in ok.message.en and "PROCESSES = 3000" not in ok.message.en  # need shown as a number
    if hard < 65536:
        guide = run(session(sshd, home, answers=answers), "OSH007")
        assert guide.outcome is Outcome.WARNING, guide.message.en  # a guide minimum missed: not a page
        assert f"open_files limits soft 1,024 / hard {hard:,} are at {round(100.0 * hard / 65536, 1):g}%" in guide.message.en

    resource.prlimit(pmon, resource.RLIMIT_NOFILE, (256, hard))  # planted: soft 256, a quarter of the guide's 1024
    low = run(session(sshd, home, answers=answers), "OSH007", thresholds=lowered)
    assert low.outcome is not Outcome.OK, low.message.en
    assert f"open_files limits soft 256 / hard {hard:,} are at" in low.message.en
    assert {o.key: o.outcome for o in low.objects}["open_files"] is low.outcome

    not_pmon = {host_oracle.ORA_PROCESS_SQL: [{"pmon_spid": str(os.getpid()), "processes": "300"}]}
    wrong = run(session(sshd, home, answers=not_pmon), "OSH007")
    assert wrong.outcome is Outcome.SKIPPED and "not the database server" in wrong.message.en, wrong.message.en


def test_inventory_oracle_block_is_checked():
    from dbpatrol.errors import UserError
    from dbpatrol.inventory import parse_inventory

    def inv(engine, oracle):
        return {"businesses": [{"name": "b", "hosts": [{"name": "h", "address": "127.0.0.1", "instances": [
            {"name": "i", "engine": engine, "port": 1521, "user": "dbpatrol_mon", "database": "orcl", "oracle": oracle}]}]}]}

    got = parse_inventory(inv("oracle", {"home": "/u01/app/oracle/product/19.0.0/dbhome_1/"}))
    o = got.targets[0].instance.oracle
    assert o.listener == "LISTENER" and o.network_admin == "/u01/app/oracle/product/19.0.0/dbhome_1/network/admin"
    for engine, block, words in (("oracle", {"home": "u01/app"}, "absolute directory"),
                                 ("postgresql", {"home": "/u01"}, "for Oracle instances"),
                                 ("oracle", {"home": "/u01", "listener": "LSNR; rm -rf /"}, "listener"),
                                 ("oracle", {"home": "/u01", "password": "x"}, "password")):
        with pytest.raises(UserError) as e:
            parse_inventory(inv(engine, block))
        assert words in str(e.value), str(e.value)
