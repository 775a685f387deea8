"""A throwaway certificate authority for the TLS tests: a CA, a server certificate it signs for
127.0.0.1 (IP SAN only: connecting as "localhost" must fail verify-identity), a client certificate
(REQUIRE X509 / PostgreSQL cert auth) and an unrelated CA that signed nothing here. Made with the
``openssl`` command in a folder the test removes; keys are EC P-256."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@dataclass
class Certs:
    folder: Path

    def path(self, name: str) -> str:
        return str(self.folder / name)

    @property
    def ca(self) -> str:
        return self.path("ca.pem")

    @property
    def other_ca(self) -> str:
        return self.path("other-ca.pem")

    @property
    def server_cert(self) -> str:
        return self.path("server.pem")

    @property
    def server_key(self) -> str:
        return self.path("server-key.pem")

    @property
    def client_cert(self) -> str:
        return self.path("client.pem")

    @property
    def client_key(self) -> str:
        return self.path("client-key.pem")

    def key_for(self, owner: str) -> str:
        """A copy of the server key owned by ``owner``, mode 0600 (PostgreSQL refuses a key others can read)."""
        dst = self.folder / f"server-key-{owner}.pem"
        shutil.copy(self.server_key, dst)
        shutil.chown(dst, owner)
        dst.chmod(0o600)
        return str(dst)


def make_certs(folder: Path, client_cn: str = "dbpatrol_tls") -> Certs:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for ca in ("ca", "other-ca"):
        _openssl("req", "-x509", *ec, "-keyout", f"{ca}-key.pem", "-out", f"{ca}.pem", "-days", "30",
                 "-subj", f"/CN=dbpatrol test {ca}", "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)
    (folder / "server.ext").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                                       "extendedKeyUsage=serverAuth\n")
    (folder / "client.ext").write_text("basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
    for name, cn in (("server", "dbpatrol test server"), ("client", client_cn)):
        _openssl("req", *ec, "-keyout", f"{name}-key.pem", "-out", f"{name}.csr", "-subj", f"/CN={cn}", cwd=folder)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                 "-out", f"{name}.pem", "-days", "30", "-extfile", f"{name}.ext", cwd=folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    return Certs(folder)
