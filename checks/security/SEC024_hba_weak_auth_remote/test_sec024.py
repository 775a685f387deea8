"""SEC024 live: weak pg_hba.conf rules written into private clusters' files, read back through
pg_hba_file_rules as a role holding only the two declared grants.

PostgreSQL 15: trust / password / md5 rules for remote networks next to loopback trust and a remote
scram-sha-256 rule (healthy), then a line the server cannot parse; ldap / pam / radius / password on
host, hostnossl and hostssl lines; the clusters' own local trust lines. PostgreSQL 16: a weak rule in an
included file is named by that file (postgresql@16.sql).
"""

from __future__ import annotations

import os
import shutil

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, pg16, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC024"


def append(cluster, lines: str, name: str = "pg_hba.conf") -> str:
    path = os.path.join(cluster.data, name)
    with open(path, "a") as f:
        f.write(lines)
    shutil.chown(path, "postgres")
    return path


def line_of(cluster, text: str) -> int:
    with open(os.path.join(cluster.data, "pg_hba.conf")) as f:
        return next(i for i, line in enumerate(f, 1) if line.strip() == text)


@pytest.fixture(scope="module")
def pg15(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


NO_LOCAL = {"local_weak_methods": {"value": []}}  # the test clusters' own loopback trust (initdb -A trust)
NOTHING = {"critical_methods": {"value": []}, "warning_methods": {"value": []}, "cleartext_methods": {"value": []},
           "local_weak_methods": {"value": []}}


def test_remote_trust_password_and_md5_rules(pg15):
    c, mon = pg15
    before = check(mon, CODE, NO_LOCAL, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and before.evidence, before.message.en
    assert all(r["local_only"] for r in before.evidence)  # initdb -A trust: local, 127.0.0.1/32, ::1/128

    append(c, "host all all 127.0.0.2/32 trust\nhost all all samehost trust\n"
              "host all all 192.168.10.0/24 scram-sha-256\n"          # healthy: local trust, remote scram
              "host all all 0.0.0.0/0 trust\nhostnossl all app 10.0.0.0/8 password\nhost all all samenet md5\n")
    f = check(mon, CODE, NO_LOCAL, record="weak", expect="CRITICAL", contains="0.0.0.0/0.0.0.0 trust lets remote clients in")
    trust, password, md5 = ("host all all 0.0.0.0/0.0.0.0 trust", "hostnossl all app 10.0.0.0/255.0.0.0 password",
                            "host all all samenet md5")
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert objects(f) == {trust: "CRITICAL", password: "WARNING", md5: "WARNING"}
    line = line_of(c, "host all all 0.0.0.0/0 trust")
    assert f.message.en.startswith(f"3 pg_hba.conf rule(s) at fault, e.g. pg_hba.conf:{line}: host all all 0.0.0.0/0.0.0.0 trust")
    assert row(f, rule_key=password)["users"] == "app" and row(f, rule_key=md5)["address"] == "samenet"
    local = check(mon, CODE, NOTHING)
    assert local.outcome is Outcome.OK and "4 admitting remote clients" in local.message.en  # scram 192.168.10.0/24 too
    assert row(local, address="127.0.0.2/255.255.255.255")["local_only"] is True
    assert row(local, address="samehost")["local_only"] is True

    append(c, "host all all 10.1.1.1/32 no-such-method\n")
    broken = check(mon, CODE, NO_LOCAL, record="error", expect="CRITICAL", contains="0.0.0.0/0.0.0.0 trust")
    bad = f"pg_hba.conf:{line_of(c, 'host all all 10.1.1.1/32 no-such-method')}"
    assert objects(broken)[f"error:{bad.split(':')[1]}"] == "WARNING"
    assert "invalid authentication method" in row(broken, rule=bad)["error"]
    only_error = check(mon, CODE, NOTHING)
    assert only_error.outcome is Outcome.WARNING and only_error.message.en.startswith(
        f"pg_hba.conf cannot be loaded: {bad} has an error"), only_error.message.en


def test_cleartext_methods_without_tls_and_local_trust(pg_clusters):
    """Review item 6: ldap / pam / radius / password send the password in clear text — on a host or
    hostnossl line that is a WARNING, CRITICAL when the line admits a superuser; on hostssl it is fine.
    Item 20: local trust (initdb -A trust's own lines) is a WARNING by default. The object key is what
    the rule says: inserting a line above it keeps the key (the acknowledgement stays on its rule)."""
    import subprocess

    c = pg_clusters(start=False)  # TLS on: a hostssl line is an error on a server without it
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dbpatrol-test",
                    "-keyout", os.path.join(c.data, "server.key"), "-out", os.path.join(c.data, "server.crt")],
                   check=True, capture_output=True, timeout=60)
    for name in ("server.key", "server.crt"):
        shutil.chown(os.path.join(c.data, name), "postgres")
    os.chmod(os.path.join(c.data, "server.key"), 0o600)
    append(c, "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n", "postgresql.conf")
    c.start()
    mon = monitor_role(c, CODE)
    c.sql("CREATE ROLE dbp_app LOGIN")
    local = check(mon, CODE)
    assert local.outcome is Outcome.WARNING and local.message.en.startswith("6 pg_hba.conf rule(s) at fault, e.g. "
                                                                           "pg_hba.conf:"), local.message.en
    assert "local all all trust lets any user of the server's operating system log in as any role" in local.message.en
    assert {"local all all trust", "host all all 127.0.0.1/255.255.255.255 trust", "local replication all trust"} <= set(
        objects(local)) and set(objects(local).values()) == {"WARNING"}, objects(local)
    assert "操作系统上的任何用户" in local.message.zh

    append(c, "host all dbp_app 10.0.0.0/8 ldap ldapserver=ldap.example.com ldapprefix=\"cn=\" ldapsuffix=\",dc=example\"\n"
              "hostssl all all 10.0.0.0/8 ldap ldapserver=ldap.example.com ldapprefix=\"cn=\" ldapsuffix=\",dc=example\"\n"
              "hostssl all all 10.9.0.0/16 password\n"
              "hostnossl all postgres 10.2.0.0/16 pam\n"
              "host all all 10.3.0.0/16 radius radiusservers=10.3.0.1 radiussecrets=s3cret\n")
    f = check(mon, CODE, NO_LOCAL, record="cleartext", expect="CRITICAL", contains="has the client send its password in clear text")
    rated = objects(f)
    assert rated == {"hostnossl all postgres 10.2.0.0/255.255.0.0 pam": "CRITICAL",      # a superuser, named
                     "host all all 10.3.0.0/255.255.0.0 radius": "CRITICAL",             # all users
                     "host all dbp_app 10.0.0.0/255.0.0.0 ldap": "WARNING"}, rated        # hostssl lines: fine
    assert all(not r.get("error") for r in f.evidence), f.evidence  # this build has ldap, pam and radius
    assert f.message.en.startswith("3 pg_hba.conf rule(s) at fault, e.g. pg_hba.conf:") and " pam has the client" in f.message.en
    assert "s3cret" not in str(f.evidence) and "明文发送口令" in f.message.zh
    assert row(f, rule_key="hostnossl all postgres 10.2.0.0/255.255.0.0 pam")["admits_superuser"] is True

    # a line inserted at the top moves every line number, not the keys
    path = os.path.join(c.data, "pg_hba.conf")
    with open(path) as fh:
        text = fh.read()
    with open(path, "w") as fh:
        fh.write("host all all 192.168.0.0/16 scram-sha-256\n" + text)
    moved = check(mon, CODE, NO_LOCAL)
    assert objects(moved) == rated
    assert {r["rule"] for r in moved.evidence} != {r["rule"] for r in f.evidence}


def test_both_grants_are_needed(pg15):
    c, mon = pg15
    c.sql(f"REVOKE EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() FROM {mon.user}")
    try:
        f = check(mon, CODE)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
        assert "EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules()" in f.message.en
    finally:
        c.sql(f"GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO {mon.user}")


def test_pg16_weak_rule_in_an_included_file(pg_clusters):
    c = pg16(pg_clusters)
    mon = monitor_role(c, CODE)
    extra = append(c, "host all all 172.16.0.0/12 password\n", "hba_extra.conf")
    append(c, "include hba_extra.conf\n")
    f = check(mon, CODE, NO_LOCAL, record="pg16-include", expect="CRITICAL", contains="hba_extra.conf:1")
    # password on a host line for all users: clear text without TLS, admitting superusers
    assert objects(f) == {"host all all 172.16.0.0/255.240.0.0 password": "CRITICAL"}, f.message.en
    assert row(f, rule=f"{extra}:1") is not None


def test_pg18_cleartext_and_local_trust(pg_clusters):
    """The same rules on PostgreSQL 18 (postgresql@16.sql; the embedded build has no TLS, LDAP or PAM:
    RADIUS and password are built in)."""
    from tests.servers import pg18_bin

    c = pg_clusters(bin=pg18_bin())
    mon = monitor_role(c, CODE)
    append(c, "host all all 10.3.0.0/16 radius radiusservers=10.3.0.1 radiussecrets=s3cret\n"
              "host app dbp_nobody 10.4.0.0/16 password\n")
    f = check(mon, CODE)
    assert objects(f)["host all all 10.3.0.0/255.255.0.0 radius"] == "CRITICAL", objects(f)
    assert objects(f)["host app dbp_nobody 10.4.0.0/255.255.0.0 password"] == "WARNING"
    assert objects(f)["local all all trust"] == "WARNING"
    assert row(f, rule_key="local all all trust")["rule"].endswith("pg_hba.conf:" + str(line_of(c, "local   all             all                                     trust")))
