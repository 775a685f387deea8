"""Commands on the instance's host, for collectors that read a tool's own record (``pgbackrest info``).

Some facts live in no SQL view: the backup tool's catalog is read by running the tool. A collector
asks :func:`runner_for` for a way to run a **fixed argv** (a list of words, never a shell line built
from input) on the host of the instance it inspects, with a timeout, and gets one of:

1. the session's ``command_runner``, when something attached one: any object with ``where`` (words for
   the messages) and ``run(argv, timeout_s)`` returning a result with ``exit_status`` / ``stdout`` /
   ``stderr`` (bytes);
2. else the instance host's SSH access (``session.host_access``, dbpatrol/ssh.py HostAccess, set by
   flows/runner.py from the inventory's ``hosts[].ssh``): the SSH command collector — the argv runs on
   the host under ``timeout``, each word shell-quoted, one result per argv and host per inspection;
3. else, when the instance's address is a loopback address (127.0.0.0/8, ::1, localhost): the
   database runs on this machine, and :class:`LocalRunner` runs the argv here as a child process
   (no shell, stdin closed, its own process group killed at the timeout);
4. else :class:`~checks.collect.CollectSkip` ``unreachable``: "not inspected: … runs on the database
   host, and dbpatrol has no command access there", never OK.

An exception a runner raises carrying ``en`` and ``zh`` (dbpatrol.ssh.HostUnavailable: the host key
unknown or changed, the login refused, sshd not answering) makes the check SKIPPED "not inspected"
with that reason; a command cut at its timeout is the check's ERROR.

Nothing here runs a command through SQL: PostgreSQL's only way, ``COPY … FROM PROGRAM``, needs a
superuser (or pg_execute_server_program) and is never used.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from .collect import CollectSkip

MAX_BYTES = 4 << 20  # stdout kept per command; a tool's JSON for one stanza is a few kB


class CommandTimeout(Exception):
    """The command ran past its timeout and was killed (the check's ERROR: something on the host hangs)."""


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    exit_status: int | None
    stdout: bytes
    stderr: bytes
    duration_s: float = 0.0

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def error(self) -> str:
        """The first line of stderr (or the exit status), for a message."""
        lines = [ln.strip() for ln in self.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        return lines[0][:300] if lines else f"exit status {self.exit_status}"

    @property
    def ok(self) -> bool:
        return self.exit_status == 0


class CommandRunner(Protocol):
    where: str  # "this machine", "ssh dbp@db1:22" … (for messages)

    def run(self, argv: Sequence[str], timeout_s: float) -> Any: ...


def is_loopback(host: str | None) -> bool:
    """The address names this machine: localhost or a loopback IP (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.rstrip(".").lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LocalRunner:
    """Runs an argv on this machine: no shell, stdin closed, the timeout enforced on its process group."""

    where = "this machine"

    def run(self, argv: Sequence[str], timeout_s: float) -> CommandResult:
        words = tuple(argv)
        if not words or any(not isinstance(w, str) or "\x00" in w for w in words):
            raise ValueError("refused command")
        t0 = time.monotonic()
        try:
            proc = subprocess.Popen(words, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True, env={**os.environ, "LC_ALL": "C"})
        except FileNotFoundError:
            return CommandResult(words, 127, b"", f"{words[0]}: command not found".encode(), 0.0)
        except PermissionError:
            return CommandResult(words, 126, b"", f"{words[0]}: permission denied".encode(), 0.0)
        try:
            out, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise CommandTimeout(f"`{' '.join(words[:1])} …` on {self.where} cut at its timeout ({timeout_s:g}s)") from None
        return CommandResult(words, proc.returncode, out[:MAX_BYTES], err[:65536], round(time.monotonic() - t0, 3))


def runner_for(session, tool: str) -> CommandRunner:
    """How to run ``tool`` on the host of the instance ``session`` inspects (see the module doc).
    Raises CollectSkip ``unreachable`` when dbpatrol has no way there."""
    attached = getattr(session, "command_runner", None)
    if attached is not None:
        return attached
    host = getattr(getattr(session, "target", None), "host", None)
    ssh = getattr(session, "host_access", None)
    if ssh is not None and callable(getattr(ssh, "run", None)):  # a HostAccess (NoSsh has no run)
        return SshRunner(ssh)
    if is_loopback(host):
        if shutil.which(tool) is None:
            raise CollectSkip("unreachable", f"{tool} is not installed on this machine, where the database runs "
                                             f"({host}): its own record cannot be read",
                              f"数据库所在的本机（{host}）未安装 {tool}，无法读取其自身记录")
        return LocalRunner()
    named = getattr(ssh, "host", None)
    where = f" (no ssh configured for host {named} in the inventory)" if named else ""
    where_zh = f"（巡检清单未给主机 {named} 配置 ssh）" if named else ""
    raise CollectSkip(
        "unreachable",
        f"{tool} runs on the database host {host}, and dbpatrol has no command access there: the instance is not on "
        f"this machine and its host has no SSH access{where}",
        f"{tool} 运行在数据库主机 {host} 上，而 dbpatrol 无法在该主机执行命令：实例不在本机，且其主机没有 SSH 访问{where_zh}")


class SshRunner:
    """The SSH command collector (dbpatrol/ssh.py HostAccess) as a runner: same argv, run on the host."""

    def __init__(self, access):
        self.access = access
        describe = getattr(access, "describe", None)
        self.where = f"{access.host} over ssh ({describe()})" if callable(describe) else f"{access.host} over ssh"

    def run(self, argv: Sequence[str], timeout_s: float):
        return self.access.run(list(argv), timeout_s)


def run(session, tool: str, argv: Sequence[str], timeout_s: float):
    """``argv`` (whose first word is ``tool``) on the instance's host. Returns (result, where).
    A host that cannot be inspected → CollectSkip ``unreachable`` with its reason; a timeout →
    CommandTimeout (the check's ERROR)."""
    runner = runner_for(session, tool)
    try:
        result = runner.run(list(argv), timeout_s)
    except CollectSkip:
        raise
    except Exception as exc:  # noqa: BLE001 - a host that cannot be inspected says why in both languages
        if hasattr(exc, "en") and hasattr(exc, "zh"):
            raise CollectSkip("unreachable", exc.en, exc.zh) from None
        raise
    return result, getattr(runner, "where", "the database host")
