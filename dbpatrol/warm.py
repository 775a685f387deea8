"""The warm runner: a dbpatrol process that keeps Prefect and the check catalog imported, so that a
later ``dbpatrol inspect`` costs about its SQL plus one Prefect flow run (issue 13 item 6).

Measured on this machine (2 cores, PostgreSQL daily tier, local Prefect server): a later run in a
new process costs ~8 s of CPU — importing Prefect, the catalog and the adapters ~4.9 s, the first
flow run of a process ~2.3 s more than later ones (lazy imports, the Prefect client) — while a
flow run in a process that has run one before takes ~1.2 s wall and ~0.35 s of CPU. The warm
runner is that process, kept for the next commands:

* The first ``dbpatrol inspect`` runs in its own process as before, then starts a runner in the
  background (detached: its own session; output in ``$DBPATROL_HOME/prefect/runners/``). Later
  ``dbpatrol inspect`` commands send their options, working directory and environment to it over a
  Unix socket and print what it sends back: the same progress lines, messages, summary and exit
  codes. Each inspection is still a real Prefect flow run, on the same API.
* One runner per *key*: the Python executable, a fingerprint of dbpatrol's code (path and mtime of
  every source, SQL, YAML and template file), the environment that configures Prefect and dbpatrol
  (``PREFECT_*``, ``DBPATROL_*``, ``TZ``, ``PYTHONPATH``, ``VIRTUAL_ENV``) and the Prefect profiles
  file. A command whose key differs (edited code, another API, another home) never talks to a runner
  started for another: it runs in its own process and starts its own runner. A runner whose key
  nobody uses any more ends after ``DBPATROL_WARM_IDLE_S`` seconds without a request (default 1800),
  and any runner after ``DBPATROL_WARM_MAX_RUNS`` inspections (default 200; the next command starts
  a fresh one). A relative ``DBPATROL_HOME`` turns it off.
* One inspection at a time per runner: a command that finds it busy runs in its own process.
* The socket lives in ``$TMPDIR/dbpatrol-<uid>/`` (mode 0700, checked to be ours), mode 0600. The
  caller's environment (it may hold a password an inventory names with ``{env: …}``) goes only over
  that socket to a process of the same user, is applied for that one request and removed after it;
  the runner itself starts with a short allow-list of variables (no secrets) and logs no request.
* ``dbpatrol server stop`` stops the runners of that DBPATROL_HOME (by the PIDs they recorded,
  only while those PIDs are still warm runners); ``dbpatrol server status`` lists them.
* ``DBPATROL_WARM=off`` turns it off (every command in its own process, as before); so does
  ``--verbose`` (Prefect's logs go to the caller's terminal only in its own process).

Not warm: ``dbpatrol demo``, plans (they run on the worker) and anything but ``inspect``.

This module's client side imports neither Prefect nor the catalog.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import queue
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable

SWITCH = "DBPATROL_WARM"
OFF = ("0", "off", "false", "no")
IDLE_DEFAULT_S = 1800.0
ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("dbpatrol", "flows", "checks", "reports")
CODE_SUFFIXES = (".py", ".sql", ".yaml", ".yml", ".html", ".css", ".json", ".toml")
KEY_ENV_PREFIXES = ("PREFECT_", "DBPATROL_")
KEY_ENV_NAMES = ("TZ", "PYTHONPATH", "VIRTUAL_ENV")
# what the runner itself starts with: enough to import and run, nothing a caller may keep secret
BASE_ENV_NAMES = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
                  "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "XDG_RUNTIME_DIR", *KEY_ENV_NAMES)
MARK = "dbpatrol.warm"  # in the runner's command line: how stop tells our runner from a reused PID


def enabled(env: dict[str, str] | None = None) -> bool:
    """On unless DBPATROL_WARM=off; off too for a relative DBPATROL_HOME (it would name another
    directory in the runner, which does not share the caller's working directory between requests)."""
    env = os.environ if env is None else env
    home = env.get("DBPATROL_HOME")
    if home and not Path(home).expanduser().is_absolute():
        return False
    return (env.get(SWITCH) or "on").strip().lower() not in OFF


def max_runs(env: dict[str, str] | None = None) -> int:
    """Inspections one runner serves before it ends (a fresh one is started by the next command):
    a long-lived process never grows without bound."""
    env = os.environ if env is None else env
    try:
        return max(1, int(env.get("DBPATROL_WARM_MAX_RUNS") or 200))
    except ValueError:
        return 200


def idle_seconds(env: dict[str, str] | None = None) -> float:
    env = os.environ if env is None else env
    try:
        return max(1.0, float(env.get("DBPATROL_WARM_IDLE_S") or IDLE_DEFAULT_S))
    except ValueError:
        return IDLE_DEFAULT_S


# ----- identity ----------------------------------------------------------------------------------

def code_fingerprint(root: Path = ROOT) -> str:
    """A hash of the path, size and mtime of every file dbpatrol runs (sources, SQL, specs,
    templates): an edited check or template makes a new key, so no runner serves stale code."""
    h = hashlib.sha256()
    for d in CODE_DIRS:
        for base, dirs, files in os.walk(root / d):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__")
            for f in sorted(files):
                if f.endswith(CODE_SUFFIXES):
                    p = os.path.join(base, f)
                    with contextlib.suppress(OSError):
                        st = os.stat(p)
                        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _profiles_digest(env: dict[str, str]) -> str:
    home = Path(env.get("PREFECT_HOME") or Path(env.get("HOME") or "~").expanduser() / ".prefect")
    path = Path(env.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def key(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ if env is None else env)
    ident = {
        "python": sys.executable,
        "code": code_fingerprint(),
        "env": sorted((k, v) for k, v in env.items() if k.startswith(KEY_ENV_PREFIXES) or k in KEY_ENV_NAMES),
        "profiles": _profiles_digest(env),
    }
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:32]


# ----- where -------------------------------------------------------------------------------------

def socket_dir() -> Path | None:
    """``$TMPDIR/dbpatrol-<uid>``, created 0700; None when it exists but is not ours alone."""
    import tempfile

    d = Path(tempfile.gettempdir()) / f"dbpatrol-{os.getuid()}"
    try:
        d.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return d


def socket_path(k: str) -> Path | None:
    d = socket_dir()
    return d / f"{k}.sock" if d else None


def runners_dir(env: dict[str, str] | None = None) -> Path:
    from .settings import load_settings

    return load_settings(env).home / "prefect" / "runners"


def _is_runner(pid: int) -> bool:
    from .local_server import process_is

    return process_is(pid, MARK, " serve ")


def runners(env: dict[str, str] | None = None) -> list[dict]:
    """The runners recorded under this DBPATROL_HOME that are still running."""
    try:
        d = runners_dir(env)
        files = sorted(d.glob("*.json"))
    except Exception:  # noqa: BLE001 - bad settings: no runner can be known
        return []
    found = []
    for f in files:
        try:
            st = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(st, dict) and isinstance(st.get("pid"), int) and _is_runner(st["pid"]):
            found.append(st)
        else:
            with contextlib.suppress(OSError):
                f.unlink()
    return found


def stop_all(env: dict[str, str] | None = None, timeout: float = 10.0) -> list[dict]:
    """SIGTERM to each recorded runner of this home (only while its PID is a runner); SIGKILL after
    ``timeout``. Returns what was stopped."""
    stopped = []
    for st in runners(env):
        pid = st["pid"]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout and _is_runner(pid):
            time.sleep(0.05)
        if _is_runner(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        stopped.append(st)
        with contextlib.suppress(Exception):  # OSError, or settings that no longer load
            (runners_dir(env) / f"{st['key']}.{pid}.json").unlink()
    return stopped


# ----- client ------------------------------------------------------------------------------------

class Gone(Exception):
    """The runner ended before it sent the result."""


def _send(sock: socket.socket, msg: dict) -> None:
    sock.sendall(json.dumps(msg, default=str).encode() + b"\n")


def _lines(sock: socket.socket):
    buf = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            if buf.strip():
                yield json.loads(buf)
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)


def request(args: dict, on_message: Callable[[dict], None], *, env: dict[str, str] | None = None,
            k: str | None = None) -> dict | None:
    """Send one inspection to the warm runner of this key; the final message (``result`` or
    ``error``), every earlier one passed to ``on_message``. None when there is no runner to serve
    it (none running, busy, another key): the caller runs the inspection itself."""
    env = dict(os.environ if env is None else env)
    k = k or key(env)
    path = socket_path(k)
    if path is None or not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        try:
            sock.connect(str(path))
        except OSError:
            return None
        _send(sock, {"key": k, "args": args, "env": env, "cwd": os.getcwd()})
        sock.settimeout(None)  # an inspection takes as long as its checks (each is bounded)
        started = False
        for msg in _lines(sock):
            kind = msg.get("type")
            if kind in ("busy", "mismatch"):
                return None
            started = True
            if kind in ("result", "error"):
                return msg
            on_message(msg)
        if not started:
            return None  # it ended while we connected (idle exit): run in this process
        raise Gone("the warm runner ended before the inspection's result; its log is in "
                   f"{runners_dir(env)}")
    finally:
        sock.close()


def spawn(env: dict[str, str], k: str | None = None) -> int | None:
    """Start a runner for ``env``'s key in the background (detached); its PID, or None when not
    possible. A runner already holding the key's lock makes the new one exit at once."""
    if not enabled(env) or socket_dir() is None:
        return None
    k = k or key(env)
    try:
        d = runners_dir(env)
        d.mkdir(parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - no home: no runner
        return None
    base = {n: v for n, v in env.items() if n in BASE_ENV_NAMES or n.startswith(KEY_ENV_PREFIXES)}
    log = open(d / f"{k}.log", "ab")
    try:
        proc = subprocess.Popen([sys.executable, "-m", MARK, "serve", k], env=base, cwd=str(ROOT),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, close_fds=True)
    except OSError:
        return None
    finally:
        log.close()
    # recorded at once, so that a `dbpatrol server stop` right after this command finds it
    (d / f"{k}.{proc.pid}.json").write_text(json.dumps({"pid": proc.pid, "key": k, "socket": None, "started_at":
                                                        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}),
                                            encoding="utf-8")
    return proc.pid


# ----- server ------------------------------------------------------------------------------------

def _warm_up() -> None:
    """Import what an inspection needs and load the catalog once (what a first flow run pays)."""
    import checks.registry
    import flows.tiers  # noqa: F401 - Prefect, the flows, the runner
    import psycopg  # noqa: F401
    import pymysql  # noqa: F401
    import sqlalchemy.dialects.mysql.pymysql  # noqa: F401
    import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401
    import prefect.task_engine  # noqa: F401
    import prefect.client.orchestration  # noqa: F401
    import weasyprint  # noqa: F401 - the PDF engine: PDF is in inspect's default formats
    import reports.render  # noqa: F401
    from . import cli  # noqa: F401

    checks.registry.load()


_BOUND: dict[str, Any] = {}  # the local server this runner's Prefect settings point at, for its lifetime


def _bind_local_server() -> None:
    """When no Prefect API is configured (the environment, a profile), the local server's, set once for
    the runner's lifetime: each request then skips rebuilding Prefect's settings (~0.17 s)."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from . import local_server

    if os.environ.get("PREFECT_API_URL") or not local_server.enabled() or get_current_settings().api.url:
        return
    url, _started, state = local_server.ensure()
    os.environ["PREFECT_API_URL"] = url
    ctx = temporary_settings(updates={PREFECT_API_URL: url})
    ctx.__enter__()  # never left: the runner's main context, inherited by every flow run's context
    _BOUND.update(url=url, state=state, ctx=ctx)


class _Forward:
    """Log records of WARNING and above during a request, sent to the caller (they would have been
    printed on its terminal had it run the inspection itself)."""

    def __init__(self, send: Callable[[dict], None]):
        import logging

        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = lambda rec: send({"type": "log", "level": rec.levelname, "text": self.handler.format(rec)})
        self.handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s",
                                                    "%H:%M:%S"))
        self.loggers = [logging.getLogger(), logging.getLogger("prefect")]

    def __enter__(self):
        for lg in self.loggers:
            lg.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        for lg in self.loggers:
            lg.removeHandler(self.handler)


def _handle(conn: socket.socket, k: str) -> None:
    from . import cli

    conn.settimeout(10.0)
    try:
        req = next(_lines(conn))
    except (StopIteration, OSError, ValueError):
        return
    conn.settimeout(None)
    if req.get("key") != k:
        _send(conn, {"type": "mismatch"})
        return
    dead = False

    def send(msg: dict) -> None:
        nonlocal dead
        if dead:
            return
        try:
            _send(conn, msg)
        except OSError:
            dead = True  # the caller went away (Ctrl-C): the flow run still finishes, its report is stored

    bound = _BOUND.get("url")
    if bound:
        from . import local_server

        if not local_server.healthy(bound):  # stopped or dead: the command runs itself (and starts it again)
            _send(conn, {"type": "mismatch"})
            raise SystemExit(0)
        st = _BOUND["state"]
        send({"type": "notify", "text": f"using the local Prefect server at {st['ui']} (pid {st['pid']}; "
                                        "`dbpatrol server stop` stops it)"})
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        os.environ.clear()
        os.environ.update({str(a): str(b) for a, b in (req.get("env") or {}).items()})
        if bound:
            os.environ["PREFECT_API_URL"] = bound
        cli.quiet_prefect_env(False)
        os.chdir(req.get("cwd") or saved_cwd)
        with _Forward(send):
            summary = cli.run_inspection(req.get("args") or {}, notify=lambda m: send({"type": "notify", "text": m}),
                                         progress=lambda d: send({"type": "progress", **d}))
        send({"type": "result", "summary": summary, "pid": os.getpid()})
    except cli.Failed as exc:
        send({"type": "error", "code": exc.code, "message": str(exc)})
    except (SystemExit, KeyboardInterrupt):
        send({"type": "error", "code": 1, "message": "the warm runner was stopped during this inspection"})
        raise
    except BaseException as exc:  # noqa: BLE001 - the caller gets what its own process would have printed
        send({"type": "error", "code": 1, "message": f"{type(exc).__name__}: {exc}",
              "traceback": "".join(traceback.format_exception(exc))})
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        with contextlib.suppress(OSError):
            os.chdir(saved_cwd)


def serve(k: str) -> int:
    """The runner's main loop; returns its exit code (0: idle exit, or another runner has the key)."""
    d = runners_dir()
    d.mkdir(parents=True, exist_ok=True)
    lock = open(d / f"{k}.lock", "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            with contextlib.suppress(FileNotFoundError):
                (d / f"{k}.{os.getpid()}.json").unlink()
            return 0  # another runner serves this key
        raise
    mine = d / f"{k}.{os.getpid()}.json"
    path = socket_path(k)
    if path is None or k != key():
        print(f"{dt.datetime.now().isoformat(timespec='seconds')} no socket directory, or key mismatch: not serving",
              flush=True)
        with contextlib.suppress(FileNotFoundError):
            mine.unlink()
        return 1
    from .cli import quiet_prefect_env

    quiet_prefect_env(False)  # before Prefect is imported: its settings are read once
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a stale socket of a runner that died; we hold the key's lock
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        srv.bind(str(path))
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    srv.listen(8)  # bound before warming up: a command started meanwhile waits for it, not longer
    _warm_up()
    _bind_local_server()
    state = {"pid": os.getpid(), "key": k, "socket": str(path),
             "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    mine.write_text(json.dumps(state), encoding="utf-8")
    print(f"{state['started_at']} warm runner {os.getpid()} serving", flush=True)

    work: queue.Queue[socket.socket] = queue.Queue()
    busy = threading.Event()
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            if busy.is_set():
                with contextlib.suppress(OSError):
                    _send(conn, {"type": "busy"})
                conn.close()
                continue
            busy.set()
            work.put(conn)

    def on_term(_sig, _frm):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_term)
    threading.Thread(target=accept, name="warm-accept", daemon=True).start()
    idle, served, limit = idle_seconds(), 0, max_runs()
    try:
        while served < limit:
            try:
                conn = work.get(timeout=idle)
            except queue.Empty:
                return 0
            try:
                _handle(conn, k)
            finally:
                served += 1
                if served >= limit:
                    stopping.set()  # the next command finds no socket and starts a fresh runner
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                with contextlib.suppress(OSError):
                    conn.close()
                busy.clear()
        return 0
    finally:
        stopping.set()
        with contextlib.suppress(OSError):
            srv.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(FileNotFoundError):
            mine.unlink()
        print(f"{dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} warm runner {os.getpid()} ended",
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        sys.exit(serve(sys.argv[2]))
    print("usage: python -m dbpatrol.warm serve KEY", file=sys.stderr)
    sys.exit(2)
