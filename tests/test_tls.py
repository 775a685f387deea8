"""TLS from the inventory to the driver (review must-fix 7, mysql-weekly-review): ``tls:`` on an
instance → ConnectTarget → PyMySQL's / libpq's TLS arguments, on private servers that require it.

* MariaDB: a private mariadbd with a certificate from a throwaway CA (tests/tls_certs.py) and
  ``require_secure_transport = ON`` — what SEC048 recommends. dbpatrol connects with ``tls:`` and is
  refused without TLS (``mode: disabled``); verify-ca refuses a server its CA did not sign,
  verify-identity one whose certificate does not name the address; a ``REQUIRE X509`` account logs in
  with the client certificate only. Without ``tls:`` the driver's default is what it was: PyMySQL
  1.2 negotiates TLS when the server offers it, the certificate unchecked (measured below; PyMySQL
  1.1, which pyproject still allows, does not, and is refused there).
* PostgreSQL: a private cluster with ``ssl = on`` whose pg_hba.conf accepts hostssl only: the same
  modes through libpq's sslmode (verify-identity = verify-full).

Every inspection goes through flows.runner._target, as an inspection does.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

import pytest

from checks.adapters import Unreachable, open_session
from checks.privileges import grant_set, grant_statements
from dbpatrol.errors import UserError
from dbpatrol.inventory import parse_inventory
from dbpatrol.results import Outcome
from dbpatrol.settings import Settings
from flows.runner import _target
from tests.live import REG, run
from tests.tls_certs import make_certs

pytestmark = pytest.mark.timeout(120)

PASSWORD = "Tls-" + secrets.token_hex(6)


@pytest.fixture(scope="module")
def certs():
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="dbpatrol-tls-"))
    yield make_certs(folder)
    shutil.rmtree(folder, ignore_errors=True)


def target(engine: str, port: int, user: str, tls: dict | None, address: str = "127.0.0.1", database=None):
    instance = {"name": "tls1", "engine": engine, "port": port, "user": user, "password": {"env": "DBPATROL_TLS_PW"},
                **({"database": database} if database else {}), **({"tls": tls} if tls is not None else {})}
    inv = parse_inventory({"businesses": [{"name": "b", "hosts": [{"name": "h", "address": address,
                                                                    "instances": [instance]}]}]})
    return _target(inv.targets[0], Settings())


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("DBPATROL_TLS_PW", PASSWORD)


# ----- inventory ------------------------------------------------------------------------------

def test_inventory_tls_options():
    t = target("mariadb", 3306, "mon", {"ca": "/etc/dbpatrol/ca.pem"})
    assert (t.tls_mode, t.tls_ca, t.tls_cert) == ("verify-ca", "/etc/dbpatrol/ca.pem", None)  # a CA given: verify it
    assert target("mariadb", 3306, "mon", {}).tls_mode == "required"
    assert target("postgresql", 5432, "mon", {"mode": "verify-identity", "ca": "/x"}).tls_mode == "verify-identity"
    assert target("mariadb", 3306, "mon", None).tls_mode is None  # the driver's default
    for bad, says in (({"mode": "verify-full"}, "mode"), ({"key": "/k.pem"}, "needs cert"),
                      ({"mode": "disabled", "ca": "/ca.pem"}, "give no ca"), ({"sslmode": "require"}, "sslmode")):
        with pytest.raises(UserError, match=says):
            target("mariadb", 3306, "mon", bad)
    with pytest.raises(UserError, match="tls: not supported for Oracle"):
        target("oracle", 1521, "mon", {"mode": "required"}, database="ORCL")


# ----- MariaDB --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def maria(mariadb_servers, certs):
    server = mariadb_servers({"ssl-ca": certs.ca, "ssl-cert": certs.server_cert, "ssl-key": certs.server_key,
                              "require-secure-transport": "ON"})
    support = REG.get("SEC048").spec.support("mariadb")
    for user, require in (("mon_tls", ""), ("mon_x509", " REQUIRE X509")):
        server.sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'{require}")
        for stmt in grant_statements("mariadb", grant_set("mariadb", support.privilege), user=user, host="127.0.0.1"):
            server.sql(stmt.rstrip(";"))
    return server


def connects(t) -> str:
    """The cipher of a session opened on ``t`` (raises Unreachable when refused)."""
    with open_session(t) as s:
        return s.facts["tls"]


def test_mariadb_requiring_secure_transport(maria, certs):
    assert maria.sql("SELECT @@require_secure_transport") == [(1,)]
    with pytest.raises(Unreachable, match="Access denied"):  # plaintext: refused by require_secure_transport
        connects(target("mariadb", maria.port, "mon_tls", {"mode": "disabled"}))
    for tls in ({"mode": "required"}, {"ca": certs.ca}, {"mode": "verify-identity", "ca": certs.ca}):
        t = target("mariadb", maria.port, "mon_tls", tls)
        assert connects(t).startswith("TLS_"), tls
        with open_session(t) as s:  # an inspection runs through it: SEC048 sees TLS required
            assert s.fetch("SHOW SESSION STATUS LIKE 'Ssl_version'")[0]["value"].startswith("TLSv1")
            f = run(s, "SEC048")
            assert f.outcome in (Outcome.OK, Outcome.WARNING) and "require_secure_transport" not in \
                {r.get("name") for r in f.evidence}, f.message.en
    # the driver's default, measured: PyMySQL 1.2 negotiates TLS the server offers, certificate unchecked
    assert connects(target("mariadb", maria.port, "mon_tls", None)).startswith("TLS_")


def test_mariadb_verification_refuses_the_wrong_server(maria, certs):
    with pytest.raises(Unreachable, match="CERTIFICATE_VERIFY_FAILED"):  # signed by a CA we do not trust
        connects(target("mariadb", maria.port, "mon_tls", {"mode": "verify-ca", "ca": certs.other_ca}))
    # the certificate names 127.0.0.1 only: verify-ca accepts it under another name, verify-identity does not
    assert connects(target("mariadb", maria.port, "mon_tls", {"mode": "verify-ca", "ca": certs.ca}, address="localhost"))
    with pytest.raises(Unreachable, match="Hostname mismatch"):
        connects(target("mariadb", maria.port, "mon_tls", {"mode": "verify-identity", "ca": certs.ca}, address="localhost"))
    # without verification, a server the CA never signed is accepted: what required means
    assert connects(target("mariadb", maria.port, "mon_tls", {"mode": "required"}, address="localhost"))


def test_mariadb_client_certificate_for_require_x509(maria, certs):
    with pytest.raises(Unreachable, match="Access denied"):
        connects(target("mariadb", maria.port, "mon_x509", {"ca": certs.ca}))
    assert connects(target("mariadb", maria.port, "mon_x509",
                           {"ca": certs.ca, "cert": certs.client_cert, "key": certs.client_key})).startswith("TLS_")


# ----- PostgreSQL -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pg(pg_clusters, certs):
    cluster = pg_clusters({"ssl": "on", "ssl_cert_file": certs.server_cert, "ssl_key_file": certs.key_for("postgres"),
                           "ssl_ca_file": certs.ca}, start=False)
    Path(cluster.data, "pg_hba.conf").write_text(
        "local all all trust\n"
        "hostssl all all 127.0.0.1/32 trust\n"
        "hostnossl all all 127.0.0.1/32 reject\n")
    cluster.start()
    cluster.sql("CREATE ROLE mon_tls LOGIN")
    return cluster


def test_postgresql_hostssl_only(pg, certs):
    t = lambda tls, address="127.0.0.1": target("postgresql", pg.port, "mon_tls", tls, address, database="postgres")  # noqa: E731
    with pytest.raises(Unreachable, match="no encryption|rejects connection"):
        connects(t({"mode": "disabled"}))
    for tls in ({"mode": "required"}, {"ca": certs.ca}, {"mode": "verify-identity", "ca": certs.ca}):
        assert connects(t(tls)), tls
        with open_session(t(tls)) as s:
            assert s.fetch("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0]["ssl"] is True
    with pytest.raises(Unreachable, match="certificate verify failed"):
        connects(t({"mode": "verify-ca", "ca": certs.other_ca}))
    with pytest.raises(Unreachable, match="does not match host name|server certificate for"):
        connects(t({"mode": "verify-identity", "ca": certs.ca}, address="localhost"))
    assert connects(t(None))  # libpq's default, prefer
