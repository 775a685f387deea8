"""SEC048: TLS unavailable on the shared private lab (no certificate); a private mariadbd of its own
(TLS settings are static) started with a 20-day certificate accepting TLSv1.1 (three faults at once);
the strict lab (tests/mysql_security.py: 400-day certificate, TLSv1.2/1.3, require_secure_transport
ON) refusing a client without TLS and judged OK. PyMySQL uses TLS whenever the server offers it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pymysql
import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import certificate, lab

pytestmark = pytest.mark.timeout(90)

CODE = "SEC048"
MON, PW = "mon_sec048", "Mon-secret-048"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


@pytest.fixture(scope="module")
def server(mariadb_servers):
    folder = Path(tempfile.mkdtemp(prefix="dbpatrol-sec048-"))  # not under pytest's 0700 tmp: mysql reads it
    folder.chmod(0o755)
    cert, key = certificate(folder, "short", 20)
    s = mariadb_servers({"ssl-cert": cert, "ssl-key": key, "tls-version": "TLSv1.1,TLSv1.2,TLSv1.3"})
    s.sql(f"CREATE USER '{MON}'@'%' IDENTIFIED BY '{PW}'")  # USAGE is all it declares
    yield s
    s.destroy()
    shutil.rmtree(folder, ignore_errors=True)


def check(server, overrides=None):
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON, PW)) as s:
        return run(s, CODE, overrides)


def by_name(f) -> dict[str, str]:
    return {r["name"]: r["setting"] for r in f.evidence}


def test_no_tls_on_a_server_without_a_certificate(srv):
    assert srv.value("SELECT @@have_ssl") == "DISABLED"
    with srv.session(CODE) as s:
        f = run(s, CODE)
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert by_name(f) == {"have_ssl": "DISABLED", "require_secure_transport": "OFF"}
    assert f.message.en.startswith("TLS is not available (have_ssl = DISABLED)")


def test_weak_tls(server):
    f = check(server)
    assert f.outcome is Outcome.WARNING, f.message.en
    assert set(by_name(f)) == {"require_secure_transport", "tls_version", "server_certificate"}
    cert = next(r for r in f.evidence if r["name"] == "server_certificate")
    assert 18 <= cert["days_left"] <= 20, cert
    assert {(o.key, o.outcome) for o in f.objects} == {("require_secure_transport", Outcome.WARNING),
                                                      ("tls_version", Outcome.WARNING),
                                                      ("server_certificate", Outcome.WARNING)}
    assert next(r for r in f.evidence if r["name"] == "tls_version")["old"] == "TLSv1.1"


def test_enforced_on_the_strict_lab(request):
    strict = lab(request, strict=True)  # 400-day certificate, TLSv1.2/1.3, require_secure_transport ON
    with pytest.raises(pymysql.err.OperationalError, match="1045"):  # refused without TLS
        pymysql.connect(host="127.0.0.1", port=strict.port, user="root", password=strict.password,
                        ssl_disabled=True).close()
    with strict.session(CODE) as s:  # PyMySQL uses TLS when the server offers it
        f = run(s, CODE)
        assert f.outcome is Outcome.OK, f.message.en
        assert "(TLSv1.2,TLSv1.3)" in f.message.en and "has 399 days left" in f.message.en
        assert run(s, CODE, {"cert_days_left": {"warning": 500, "critical": 7}}).outcome is Outcome.WARNING
