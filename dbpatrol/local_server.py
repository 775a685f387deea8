"""The local Prefect server dbpatrol starts for itself, once, and reuses.

Without a Prefect API (no ``PREFECT_API_URL`` in the environment or the active Prefect profile),
the commands that run flows (``dbpatrol inspect``, ``dbpatrol demo``) would each boot Prefect's
ephemeral server: ~6 s of CPU plus the server app's imports, on every run. Instead the first one
starts a Prefect server in the background, under ``$DBPATROL_HOME/prefect`` (its PREFECT_HOME and
its SQLite database ``prefect.db``; ``server.json`` records its PID and URL, ``server.log`` its
output), and every later run finds it there, checks that its API answers (GET /api/health) and
uses it. Each inspection stays a real Prefect flow run, now visible in that server's UI.

* One server per DBPATROL_HOME: starting is done under an exclusive file lock
  (``server.lock``, ``fcntl.flock``), so two dbpatrol processes started together start one server;
  the second waits for the first and reuses its server.
* Started as Prefect's own ``prefect server start --background`` starts it (the same uvicorn
  command), but detached: its own session and process group (a Ctrl-C or a closed terminal of the
  run that started it does not stop it) and its output in ``server.log``. (Prefect 3.9.1's
  ``--background`` keeps the server in the caller's session with stdout/stderr piped to the CLI,
  which exits: the server's output is lost; measured, and the CLI itself costs a second of imports.)
* ``dbpatrol server status`` shows it, ``dbpatrol server stop`` stops it: only the process recorded
  in ``server.json``, and only while that PID is still a Prefect server (its command line says so).
* Port: ``$DBPATROL_PREFECT_PORT``, else 4200 when free, else any free loopback port.
* ``DBPATROL_LOCAL_SERVER=off`` keeps Prefect's own behaviour (an ephemeral server per run).

This module does not import Prefect: ``dbpatrol server status|stop`` stay fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

from .errors import UserError

STATE_FILE = "server.json"
LOCK_FILE = "server.lock"
LOG_FILE = "server.log"
DEFAULT_PORT = 4200
START_TIMEOUT_S = 180.0  # a brand-new database runs Prefect's migrations first (~15 s on a busy 2-core machine)
APP = "dbpatrol.prefect_app:create_app"  # Prefect's app, a SQLite-locked request retried at once
OLD_APPS = ("prefect.server.api.server:create_app",)  # a server an earlier dbpatrol started is still ours
OFF = ("0", "off", "false", "no", "ephemeral")


def server_home(env: dict[str, str] | None = None) -> Path:
    """``$DBPATROL_HOME/prefect``: the local server's PREFECT_HOME, database, state and log."""
    from .settings import load_settings

    return load_settings(env).home / "prefect"


def enabled(env: dict[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return (env.get("DBPATROL_LOCAL_SERVER") or "on").strip().lower() not in OFF


# ----- state -------------------------------------------------------------------------------------

def read_state(home: Path) -> dict | None:
    try:
        state = json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("pid"), int) and state.get("url") else None


def _write_state(home: Path, state: dict) -> None:
    tmp = home / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, home / STATE_FILE)


def _clear_state(home: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (home / STATE_FILE).unlink()


def process_is(pid: int, *marks: str) -> bool:
    """Whether ``pid`` is alive, ours, and its command line holds every one of ``marks`` (not a PID
    the system gave to another process since ours ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process: never ours
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return True  # no /proc: alive is all that can be told
    if not cmdline.strip():  # a zombie (exited, not yet reaped)
        return False
    return all(m in cmdline for m in marks)


def is_prefect_server(pid: int) -> bool:
    """Whether ``pid`` is alive and still a Prefect server."""
    return any(process_is(pid, app) for app in (APP, *OLD_APPS))


def healthy(url: str, timeout: float = 2.0) -> bool:
    """GET <api>/health answers 200."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as resp:  # noqa: S310 - loopback
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def status(home: Path | None = None) -> dict:
    """What is known of the local server: running (its PID is a Prefect server), healthy (its API
    answers), pid, url, ui, port, started_at, home, log."""
    home = home or server_home()
    state = read_state(home) or {}
    running = bool(state) and is_prefect_server(state["pid"])
    return {
        "running": running,
        "healthy": running and healthy(state["url"]),
        **{k: state.get(k) for k in ("pid", "url", "ui", "port", "started_at")},
        "home": str(home),
        "log": str(home / LOG_FILE),
        "stale": bool(state) and not running,
    }


# ----- start / reuse / stop ----------------------------------------------------------------------

@contextlib.contextmanager
def _locked(home: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_FILE, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if on_wait:
                on_wait()
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _pick_port(env: dict[str, str]) -> int:
    wanted = env.get("DBPATROL_PREFECT_PORT")
    if wanted:
        try:
            port = int(wanted)
        except ValueError:
            raise UserError(f"DBPATROL_PREFECT_PORT {wanted!r}: not a port number") from None
        if not _port_free(port):
            raise UserError(f"DBPATROL_PREFECT_PORT {port}: the port is in use")
        return port
    if _port_free(DEFAULT_PORT):
        return DEFAULT_PORT
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """The command ``prefect server start --background`` runs (prefect/cli/_server_utils.py), found
    without importing Prefect, with Prefect's app factory wrapped by dbpatrol/prefect_app.py."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.origin:
        raise UserError("prefect is not installed in this environment")
    app_dir = str(Path(spec.origin).resolve().parent.parent)
    return [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory", APP, "--host", host,
            "--port", str(port), "--timeout-keep-alive", "5"]


def server_env(home: Path, url: str, port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (os.environ if base is None else base).items() if k != "PREFECT_API_URL"}
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT", "false")
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_UI_API_URL": url,  # what the UI in the browser calls
        "PREFECT__SERVER_FINAL": "1",  # as `prefect server start` sets for its server process
    })
    return env


def ensure(home: Path | None = None, *, env: dict[str, str] | None = None, timeout: float = START_TIMEOUT_S,
           notify: Callable[[str], None] | None = None,
           while_starting: Callable[[], None] | None = None) -> tuple[str, bool, dict]:
    """The local server's API URL, starting the server when none is running: (url, started, state).
    ``while_starting`` runs in this process while a server it started boots (the caller's imports:
    the server takes seconds and another core).

    Under the lock: a recorded server whose PID is still a Prefect server and whose API answers is
    reused; one that is alive but does not answer yet is waited for (it may be starting after its
    starter died), and replaced when it never answers; a stale record is cleared."""
    env = dict(os.environ if env is None else env)
    home = home or server_home(env)
    notify = notify or (lambda _msg: None)
    with _locked(home, on_wait=lambda: notify("waiting for the local Prefect server another dbpatrol process is starting …")):
        state = read_state(home)
        if state and is_prefect_server(state["pid"]):
            if healthy(state["url"]):
                return state["url"], False, state
            try:
                _wait_healthy(state["url"], state["pid"], min(timeout, 60.0), home)
                return state["url"], False, state
            except UserError:
                _terminate(state["pid"])
        _clear_state(home)
        port = _pick_port(env)
        url = f"http://127.0.0.1:{port}/api"
        from . import prefect_schema

        if prefect_schema.seed(home, env):  # a new database at Prefect's head: no migrations to run
            notify(f"starting a local Prefect server for dbpatrol on port {port} (once; its new database under {home} "
                   f"was made from Prefect {prefect_schema.prefect_version()}'s schema) …")
        else:
            notify(f"starting a local Prefect server for dbpatrol on port {port} (once; the first start also creates "
                   f"its database under {home}) …")
        log = open(home / LOG_FILE, "ab")
        try:
            proc = subprocess.Popen(server_command(port), env=server_env(home, url, port, env), cwd=str(home),
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True, close_fds=True)
        finally:
            log.close()
        state = {"pid": proc.pid, "port": port, "url": url, "ui": url[: -len("/api")],
                 "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "home": str(home)}
        _write_state(home, state)
        try:
            if while_starting is not None:
                while_starting()
            _wait_healthy(url, proc.pid, timeout, home, proc)
        except BaseException:
            _terminate(proc.pid, proc)
            _clear_state(home)
            raise
        return url, True, state


def _wait_healthy(url: str, pid: int, timeout: float, home: Path, proc: subprocess.Popen | None = None) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise UserError(f"the local Prefect server exited with code {proc.returncode} while starting; "
                            f"its log: {home / LOG_FILE}{_log_tail(home)}")
        if proc is None and not is_prefect_server(pid):
            raise UserError("the local Prefect server ended while starting")
        if healthy(url, timeout=1.0):
            return time.monotonic() - t0
        time.sleep(0.2)
    raise UserError(f"the local Prefect server did not answer at {url} within {timeout:.0f} s; its log: "
                    f"{home / LOG_FILE}{_log_tail(home)}")


def _log_tail(home: Path, lines: int = 8) -> str:
    try:
        tail = (home / LOG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return ("\n" + "\n".join(tail)) if tail else ""


def _terminate(pid: int, proc: subprocess.Popen | None = None, timeout: float = 15.0) -> bool:
    """SIGTERM to our server (its own process group: uvicorn and anything it spawned), SIGKILL
    after ``timeout``. True when it was running."""
    if proc is None and not is_prefect_server(pid):
        return False
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            if os.getpgid(pid) == pid:
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)
        except ProcessLookupError:
            return True
        t0 = time.monotonic()
        while time.monotonic() - t0 < wait:
            if proc is not None:
                if proc.poll() is not None:
                    return True
            elif not is_prefect_server(pid):
                return True
            time.sleep(0.1)
    return True


def stop(home: Path | None = None) -> dict | None:
    """Stop the server recorded under ``home`` (only that PID, only while it is a Prefect server);
    returns what was stopped, or None when nothing was running. A stale record is cleared."""
    home = home or server_home()
    if not home.exists():
        return None
    with _locked(home):
        state = read_state(home)
        if not state:
            return None
        was_running = _terminate(state["pid"])
        _clear_state(home)
        return state if was_running else None


# ----- for the commands that run flows ----------------------------------------------------------

@contextlib.contextmanager
def prefect_api(notify: Callable[[str], None],
                while_starting: Callable[[], None] | None = None) -> Iterator[str | None]:
    """Around a command that runs flows: when no Prefect API is configured, the local server's
    (started when needed; said through ``notify``) for the rest of the command, also for any child
    process (PREFECT_API_URL). Yields the URL in use, or None when the configuration is left alone
    (an API is configured, or DBPATROL_LOCAL_SERVER=off)."""
    if os.environ.get("PREFECT_API_URL") or not enabled():
        yield None
        return
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if get_current_settings().api.url:  # a Prefect profile (or a test harness) names one
        yield None
        return
    t0 = time.monotonic()
    url, started, state = ensure(notify=notify, while_starting=while_starting)
    if started:
        notify(f"started a local Prefect server for dbpatrol in {time.monotonic() - t0:.1f} s: {state['ui']} "
               f"(pid {state['pid']}, data in {state['home']}); later runs reuse it — "
               f"`dbpatrol server status`, `dbpatrol server stop`")
    else:
        notify(f"using the local Prefect server at {state['ui']} (pid {state['pid']}; `dbpatrol server stop` stops it)")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        if os.environ.get("PREFECT_API_URL") == url:
            del os.environ["PREFECT_API_URL"]
