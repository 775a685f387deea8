"""A real OpenSSH server for the host/OS tests: Debian's ``/usr/sbin/sshd`` (package openssh-server,
installed by .ci/run) on a free loopback port, with a throwaway host key and user key in a temp dir.

Started as root in the foreground (``-D -e``) by the fixture and stopped by its PID. Logins are root
with the throwaway key only; ``SetEnv PATH=<dir>/bin:…`` puts a folder of the test's own first on the
session's PATH, so a test can stand a slow fake in for one command. The inventory block for it is
:meth:`Sshd.inventory_ssh`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SSHD = "/usr/sbin/sshd"


def available() -> str | None:
    """Why a real sshd cannot run here, or None."""
    if not os.path.exists(SSHD):
        return f"{SSHD} missing (Debian package openssh-server; .ci/run installs it)"
    if os.geteuid() != 0:
        return "sshd must start as root here"
    if not shutil.which("ssh-keygen"):
        return "ssh-keygen missing (openssh-client)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path: Path, comment: str = "dbpatrol-test") -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)


class Sshd:
    def __init__(self, root: Path | None = None):
        self.dir = Path(root or tempfile.mkdtemp(prefix="dbpatrol-sshd-"))
        self.dir.chmod(0o755)
        self.bin = self.dir / "bin"
        self.bin.mkdir(exist_ok=True)
        self.port = free_port()
        self.host_key = self.dir / "host_ed25519"
        self.user_key = self.dir / "user_ed25519"
        self.known_hosts = self.dir / "known_hosts"
        keygen(self.host_key, "dbpatrol-test-host")
        keygen(self.user_key)
        (self.dir / "authorized_keys").write_text(Path(f"{self.user_key}.pub").read_text())
        os.chmod(self.dir / "authorized_keys", 0o600)
        self.write_known_hosts(Path(f"{self.host_key}.pub"))
        self.proc: subprocess.Popen | None = None
        self.log = self.dir / "sshd.log"

    def write_known_hosts(self, pub: Path, path: Path | None = None) -> Path:
        """A known_hosts line for [127.0.0.1]:port with the public key in ``pub``."""
        kind, b64 = pub.read_text().split()[:2]
        target = path or self.known_hosts
        target.write_text(f"[127.0.0.1]:{self.port} {kind} {b64}\n")
        return target

    def config(self) -> Path:
        cfg = self.dir / "sshd_config"
        cfg.write_text("\n".join([
            f"Port {self.port}", "ListenAddress 127.0.0.1", f"HostKey {self.host_key}",
            f"PidFile {self.dir / 'sshd.pid'}", f"AuthorizedKeysFile {self.dir / 'authorized_keys'}",
            "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes", "UsePAM no", "StrictModes no", "AllowTcpForwarding no", "X11Forwarding no",
            "PrintMotd no", "MaxStartups 50", "MaxSessions 50", "LogLevel VERBOSE",
            f"SetEnv PATH={self.bin}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        ]) + "\n")
        return cfg

    def start(self) -> "Sshd":
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation directory
        cfg = self.config()
        subprocess.run([SSHD, "-t", "-f", str(cfg)], check=True)
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(cfg)], stdout=subprocess.DEVNULL,
                                     stderr=open(self.log, "ab"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sshd exited {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sshd did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # by its PID: the listener (and with it new logins)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def inventory_ssh(self, known_hosts: Path | None = None) -> dict:
        return {"user": "root", "port": self.port, "key": {"file": str(self.user_key)},
                "known_hosts": str(known_hosts or self.known_hosts)}
