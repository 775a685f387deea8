"""SSH access to an instance's host: fixed read-only commands, the host key verified, bounded in time.

The host/OS checks (checks/os, collected by checks/host) run a fixed set of read-only commands on the
host the inventory names for an instance (``hosts[].ssh``, dbpatrol/inventory.py SshConfig) — never a
shell line built from input.

**Library: asyncssh.** It installs here as one pure-Python package over ``cryptography``, which
dbpatrol already has (paramiko would add bcrypt and PyNaCl); it reads OpenSSH ``known_hosts`` files
fully (hashed names, ``[host]:port``, ``@revoked`` and ``@cert-authority`` markers) and refuses a key
they do not list, and every step (TCP connect, login, each command) takes a timeout on asyncio. All
connections live on one event loop in a background thread (``dbpatrol-ssh``); the instance tasks'
threads wait for their own command with a bound, so a hung or refusing sshd costs its own host at most
its timeout and stalls no other instance.

**Host keys** are checked against the ``known_hosts`` file the inventory names, never accepted on first
use: an unknown or changed key makes the connection fail (HostUnavailable kind ``host_key``), and every
OS check of that host is SKIPPED "not inspected: host key …" with the reason and the key the host
presented. No other file (``~/.ssh/config``, ``~/.ssh/known_hosts``, an agent) is read.

**Commands.** An exec channel carries one command *string*, which the remote user's login shell parses.
:func:`command_line` builds it from an argv whose words are either fixed words of the caller's command
table or absolute paths validated by :func:`safe_path` (learned from the database, e.g.
``data_directory``), each passed through ``shlex.quote`` so every argument stays one word whatever it
holds: nothing reaches the shell that is not quoted, and nothing a user typed is in it. Each command
runs under ``env LC_ALL=C`` (parsable output) and coreutils ``timeout`` (killed on the host at its
timeout; the local wait is a backstop for a hung sshd); its output is capped (``max_bytes``).

**Secrets.** The private key comes from a file or a Prefect Secret block, its passphrase from an
environment variable or a Secret block; neither is written in an error, a log line or a finding
(messages are scrubbed of both). Results are kept per host for one inspection (``HostPool``): two
instances on one host read ``/proc/meminfo`` once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import posixpath
import shlex
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

# asyncssh logs every connection at INFO (host, user): keep dbpatrol's and Prefect's logs to problems.
logging.getLogger("asyncssh").setLevel(logging.WARNING)

MAX_BYTES = 4 << 20  # output kept per command; past it the command is closed and the result marked truncated
TIMEOUT_EXIT = 124  # coreutils timeout: the command ran out of time (137 when it had to be KILLed)


class HostUnavailable(Exception):
    """The host cannot be inspected over SSH. ``kind``: ``host_key`` (unknown / changed / unverifiable),
    ``auth`` (key refused or unreadable), ``connect`` (refused, unreachable, timed out), ``config``."""

    def __init__(self, kind: str, en: str, zh: str):
        super().__init__(en)
        self.kind, self.en, self.zh = kind, en, zh


class CommandTimeout(Exception):
    """A command ran past its timeout and was cut (on the host by ``timeout``, locally by the wait)."""


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    exit_status: int | None
    stdout: bytes
    stderr: bytes
    truncated: bool = False
    duration_s: float = 0.0

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def error(self) -> str:
        """The first line of stderr (or the exit status), for a finding's note."""
        line = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return line[0][:300] if line else f"exit status {self.exit_status}"

    @property
    def ok(self) -> bool:
        return self.exit_status == 0

    @property
    def missing(self) -> bool:
        """The command is not installed (or not executable) on the host: env's / timeout's 127 / 126."""
        return self.exit_status in (126, 127)


def safe_path(path: Any) -> str:
    """An absolute path fit to be one argument of a fixed command: printable, no NUL or newline,
    normalised (``..`` folded away). Raises ValueError otherwise (the caller leaves that path out)."""
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 4096:
        raise ValueError(f"not an absolute path: {path!r}"[:200])
    if not path.isprintable() or "\x00" in path:
        raise ValueError(f"path with control characters: {path!r}"[:200])
    return posixpath.normpath(path)


def command_line(argv: Sequence[str], timeout_s: float | None = None) -> str:
    """The exec channel's command string for ``argv``: every word shell-quoted (the remote login shell
    parses the string; each argument stays exactly one word), under ``env LC_ALL=C`` and, with a
    timeout, coreutils ``timeout`` so the host kills what overruns. Words are fixed words of the
    callers' command tables or paths from :func:`safe_path`; a word with a NUL or newline is refused."""
    if not argv:
        raise ValueError("empty command")
    for word in argv:
        if not isinstance(word, str) or "\x00" in word or "\n" in word or "\r" in word:
            raise ValueError(f"refused command word {word!r}"[:200])
    prefix = ["env", "LC_ALL=C"]
    if timeout_s is not None:
        prefix += ["timeout", "-k", "2", f"{max(1, int(timeout_s + 0.999))}"]
    return shlex.join([*prefix, *argv])


# ----- the event loop the connections live on ---------------------------------------------------

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _event_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="dbpatrol-ssh", daemon=True).start()
            _loop = loop
        return _loop


def _call(coro, timeout_s: float):
    """Run ``coro`` on the SSH loop and wait at most ``timeout_s`` for it (then it is cancelled)."""
    future = asyncio.run_coroutine_threadsafe(coro, _event_loop())
    try:
        return future.result(timeout_s)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise


def _scrub(text: str, secrets: Sequence[str | None]) -> str:
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    return text


def _fingerprint(key) -> str:
    try:
        return f"{key.get_algorithm()} {key.get_fingerprint('sha256')}"
    except Exception:  # noqa: BLE001
        return "an unreadable key"


# ----- one host --------------------------------------------------------------------------------


@dataclass
class NoSsh:
    """A host without ``ssh:`` in the inventory: its OS checks are SKIPPED saying so."""

    host: str


@dataclass
class HostAccess:
    """One host's SSH connection for one inspection: opened at the first command, shared by the
    instances on the host, failures remembered (a refusing host costs its timeout once)."""

    host: str
    address: str
    config: Any  # dbpatrol.inventory.SshConfig
    connect_timeout_s: float = 5.0
    commands_run: int = 0
    _conn: Any = field(default=None, repr=False)
    _failure: HostUnavailable | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)
    _inflight: dict = field(default_factory=dict, repr=False)
    _secrets: list = field(default_factory=list, repr=False)

    @property
    def port(self) -> int:
        return int(self.config.port)

    def describe(self) -> str:
        return f"{self.config.user}@{self.address}:{self.port}"

    # -- connection --

    def _connection(self):
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._conn is None:
                t = self.connect_timeout_s
                try:
                    self._conn = _call(self._open(), 2 * t + 5)
                except HostUnavailable as exc:
                    self._failure = exc
                    raise
                except concurrent.futures.TimeoutError:
                    self._failure = HostUnavailable("connect", f"ssh to {self.describe()} did not answer within {2 * t:g}s",
                                                    f"ssh 连接 {self.describe()} 在 {2 * t:g} 秒内无应答")
                    raise self._failure from None
            return self._conn

    async def _open(self):
        import asyncssh

        cfg, t = self.config, self.connect_timeout_s
        known_hosts = cfg.known_hosts_path()
        try:
            known = asyncssh.read_known_hosts(known_hosts)
        except (OSError, ValueError) as exc:
            raise HostUnavailable(
                "host_key", f"host key of {self.host} cannot be verified: known_hosts file {known_hosts} is not readable "
                f"({type(exc).__name__}: {getattr(exc, 'strerror', None) or exc})",
                f"无法验证主机 {self.host} 的主机密钥：known_hosts 文件 {known_hosts} 不可读") from None
        try:
            key_text, passphrase = cfg.key.load()
        except LookupError as exc:
            raise HostUnavailable("auth", f"the ssh key for {self.host} cannot be loaded: {exc}",
                                  f"无法加载主机 {self.host} 的 ssh 密钥：{exc}") from None
        self._secrets = [key_text, passphrase]
        try:
            key = asyncssh.import_private_key(key_text, passphrase)
        except (asyncssh.KeyImportError, ValueError, TypeError) as exc:
            msg = _scrub(str(exc), self._secrets)
            raise HostUnavailable("auth", f"the ssh key for {self.host} ({cfg.key.describe()}) cannot be read: {msg}",
                                  f"主机 {self.host} 的 ssh 密钥（{cfg.key.describe()}）无法读取：{msg}") from None
        try:
            return await asyncio.wait_for(asyncssh.connect(
                self.address, self.port, username=cfg.user, known_hosts=known_hosts, client_keys=[key],
                agent_path=None, config=None, password=None, preferred_auth="publickey", public_key_auth=True,
                password_auth=False, kbdint_auth=False, host_based_auth=False, gss_auth=False, gss_kex=False,
                agent_forwarding=False, x11_forwarding=False, request_pty=False, connect_timeout=t, login_timeout=t,
                keepalive_interval=0), timeout=2 * t + 1)
        except asyncssh.HostKeyNotVerifiable as exc:
            raise await self._host_key_failure(known, known_hosts, str(exc)) from None
        except asyncssh.KeyExchangeFailed as exc:
            if self._listed(known):  # known_hosts restricts the key types asked for: none offered
                raise await self._host_key_failure(known, known_hosts, str(exc)) from None
            raise self._connect_failure(exc) from None
        except asyncssh.PermissionDenied:
            raise HostUnavailable("auth", f"ssh login to {self.describe()} refused for the key {cfg.key.describe()}",
                                  f"ssh 登录 {self.describe()} 被拒绝（密钥 {cfg.key.describe()}）") from None
        except (OSError, asyncio.TimeoutError, asyncssh.Error) as exc:
            raise self._connect_failure(exc) from None

    def _connect_failure(self, exc: BaseException) -> HostUnavailable:
        if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
            why = f"no answer within {self.connect_timeout_s:g}s"
        else:
            why = _scrub(f"{type(exc).__name__}: {getattr(exc, 'strerror', None) or exc}", self._secrets)[:300]
        return HostUnavailable("connect", f"ssh to {self.describe()} failed ({why})",
                               f"ssh 连接 {self.describe()} 失败（{why}）")

    def _listed(self, known) -> tuple:
        addr = self.address
        host_keys, ca_keys, *_ = known.match(addr, addr, self.port if self.port != 22 else None)
        return tuple(host_keys) + tuple(ca_keys)

    async def _host_key_failure(self, known, path: str, detail: str) -> HostUnavailable:
        import asyncssh

        presented = None
        try:
            presented = await asyncio.wait_for(asyncssh.get_server_host_key(self.address, self.port, config=None),
                                               self.connect_timeout_s)
        except Exception:  # noqa: BLE001 - only for the message
            pass
        shown = f"; the host presented {_fingerprint(presented)}" if presented is not None else ""
        shown_zh = f"；主机出示的是 {_fingerprint(presented)}" if presented is not None else ""
        where = f"{self.address}:{self.port}" if self.port != 22 else self.address
        if self._listed(known):
            return HostUnavailable(
                "host_key", f"host key of {self.host} ({where}) changed: it is not the key {path} lists for it{shown} — "
                "never accepted automatically; if the host was reinstalled, verify the new key out of band and replace "
                "the entry", f"主机 {self.host}（{where}）的主机密钥已变化：与 {path} 中记录的不同{shown_zh}——绝不自动接受；"
                "若主机已重装，请通过其他渠道核实新密钥后替换该条目")
        return HostUnavailable(
            "host_key", f"host key of {self.host} ({where}) is unknown: {path} has no entry for it{shown} — never accepted "
            "on first use; add the verified key (ssh-keyscan, compared with the host's own fingerprint)",
            f"主机 {self.host}（{where}）的主机密钥未知：{path} 中没有它的条目{shown_zh}——绝不在首次连接时接受；"
            "请添加经核实的密钥（ssh-keyscan，并与主机自身的指纹比对）")

    # -- commands --

    def run(self, argv: Sequence[str], timeout_s: float, *, cache: bool = True, max_bytes: int = MAX_BYTES) -> CommandResult:
        """Run one fixed command on the host (see :func:`command_line`). Raises HostUnavailable
        (the host cannot be inspected; remembered) or CommandTimeout. ``cache``: one run per argv for
        the inspection, shared by the instances on the host."""
        key = tuple(argv)
        if not cache:
            return self._run(key, timeout_s, max_bytes)
        while True:
            with self._lock:
                if key in self._cache:
                    hit = self._cache[key]
                    if isinstance(hit, BaseException):
                        raise hit
                    return hit
                waiter = self._inflight.get(key)
                if waiter is None:
                    self._inflight[key] = threading.Event()
                    break
            waiter.wait(timeout_s + 2 * self.connect_timeout_s + 10)
        try:
            result = self._run(key, timeout_s, max_bytes)
            outcome: Any = result
            return result
        except (HostUnavailable, CommandTimeout) as exc:
            outcome = exc
            raise
        finally:
            with self._lock:
                if "outcome" in locals():
                    self._cache[key] = outcome
                self._inflight.pop(key).set()

    def _run(self, argv: tuple[str, ...], timeout_s: float, max_bytes: int) -> CommandResult:
        conn = self._connection()
        line = command_line(argv, timeout_s)
        self.commands_run += 1
        t0 = time.monotonic()
        shown = shlex.join(argv)
        try:
            status, out, err, truncated = _call(_exec(conn, line, timeout_s + 2, max_bytes), timeout_s + 5)
        except (concurrent.futures.TimeoutError, asyncio.TimeoutError):
            raise CommandTimeout(f"`{shown}` on {self.host} cut at its timeout ({timeout_s:g}s)") from None
        except Exception as exc:  # noqa: BLE001 - the connection broke under us: the host is lost for this inspection
            import asyncssh

            if isinstance(exc, (asyncssh.Error, OSError, EOFError)):
                with self._lock:
                    self._failure = HostUnavailable("connect", f"ssh connection to {self.describe()} lost ({type(exc).__name__})",
                                                    f"与 {self.describe()} 的 ssh 连接中断（{type(exc).__name__}）")
                    raise self._failure from None
            raise
        if status in (TIMEOUT_EXIT, 137) and time.monotonic() - t0 >= timeout_s * 0.9:
            # coreutils timeout's own exit codes after the full time: the command ran past it on the host
            raise CommandTimeout(f"`{shown}` on {self.host} cut at its timeout ({timeout_s:g}s)")
        return CommandResult(argv, status, out, err, truncated, round(time.monotonic() - t0, 3))

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                _call(_close(conn), 5)
            except Exception:  # noqa: BLE001
                pass


async def _exec(conn, line: str, timeout_s: float, max_bytes: int):
    import asyncssh

    proc = await conn.create_process(line, stdin=asyncssh.DEVNULL, encoding=None)
    truncated = False

    async def drain(stream, cap):
        nonlocal truncated
        buf = bytearray()
        while True:
            chunk = await stream.read(65536)
            if not chunk:
                return bytes(buf)
            if len(buf) + len(chunk) > cap:
                buf += chunk[: cap - len(buf)]
                truncated = True
                proc.close()
                return bytes(buf)
            buf += chunk

    try:
        out, err = await asyncio.wait_for(asyncio.gather(drain(proc.stdout, max_bytes), drain(proc.stderr, 64 << 10)),
                                          timeout_s)
        await asyncio.wait_for(proc.wait_closed(), 2)
    except asyncio.TimeoutError:
        proc.close()
        raise
    return proc.exit_status, out, err, truncated


async def _close(conn):
    conn.close()
    await conn.wait_closed()


class HostPool:
    """The hosts of one inspection: one HostAccess per inventory host (business, host), opened lazily,
    closed at the end; a host without ``ssh:`` answers NoSsh."""

    def __init__(self, connect_timeout_s: float = 5.0):
        self.connect_timeout_s = connect_timeout_s
        self._hosts: dict[tuple[str, str], HostAccess] = {}
        self._lock = threading.Lock()

    def for_target(self, target) -> HostAccess | NoSsh:
        ssh = getattr(target, "ssh", None)
        if ssh is None:
            return NoSsh(target.host)
        key = (target.business, target.host)
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = HostAccess(target.host, getattr(target, "host_address", None) or target.address, ssh,
                                              self.connect_timeout_s)
            return self._hosts[key]

    def close(self) -> None:
        with self._lock:
            hosts, self._hosts = list(self._hosts.values()), {}
        for h in hosts:
            h.close()
