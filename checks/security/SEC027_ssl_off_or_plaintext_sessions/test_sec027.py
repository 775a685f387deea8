"""SEC027 live: TLS and plain sessions from a real non-loopback address to a private cluster.

The cluster listens on 127.0.0.1 and on this machine's own network address, with a throwaway
self-signed certificate; sessions opened to the network address arrive from it (client_addr is not
loopback), one with sslmode=disable and one with sslmode=require. Then the server is weakened
step by step: a TLSv1.1 minimum, ssl off, and finally listening on loopback only (healthy again).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC027"


def network_address() -> str | None:
    """This machine's own non-loopback IPv4 address (a UDP socket's source address; nothing is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))
        ip = s.getsockname()[0]
        return None if ip.startswith("127.") else ip
    return None


@pytest.fixture(scope="module")
def tls_cluster(pg_clusters):
    ip = network_address()
    if ip is None:
        pytest.skip("no non-loopback address on this machine to open a network session from")
    c = pg_clusters({"listen_addresses": f"'127.0.0.1,{ip}'"}, start=False)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dbpatrol-test",
                    "-keyout", os.path.join(c.data, "server.key"), "-out", os.path.join(c.data, "server.crt")],
                   check=True, capture_output=True, timeout=60)
    for f in ("server.key", "server.crt"):
        shutil.chown(os.path.join(c.data, f), "postgres")
    os.chmod(os.path.join(c.data, "server.key"), 0o600)
    with open(os.path.join(c.data, "pg_hba.conf"), "a") as f:
        f.write(f"host all all {ip}/32 trust\nhost replication all {ip}/32 trust\n")
    with open(os.path.join(c.data, "postgresql.conf"), "a") as f:  # not on the command line: ALTER SYSTEM wins
        f.write("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
    c.start()
    yield c, ip, monitor_role(c, CODE)
    c.destroy()


@contextlib.contextmanager
def session(c, ip: str, user: str, sslmode: str):
    eng = sa.create_engine(f"postgresql+psycopg://{user}@{ip}:{c.port}/postgres?sslmode={sslmode}", poolclass=sa.NullPool)
    conn = eng.connect()
    try:
        yield conn.exec_driver_sql("SELECT inet_client_addr()::text").scalar()
    finally:
        conn.close()
        eng.dispose()


def test_plain_and_weak_tls_from_the_network(tls_cluster):
    c, ip, mon = tls_cluster
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and "none of the 0 session(s)" in before.message.en, before.message.en
    assert row(before, object="ssl")["setting"] == "on"

    c.sql("CREATE ROLE dbp_plain LOGIN")
    c.sql("CREATE ROLE dbp_tls LOGIN")
    with session(c, ip, "dbp_plain", "disable") as seen, session(c, ip, "dbp_tls", "require"):
        assert seen == f"{ip}/32"  # the server sees the network address, not loopback
        f = check(mon, CODE, record="plaintext", expect="WARNING", contains=f"dbp_plain@{ip}, 1 session(s)")
        assert f.outcome is Outcome.WARNING and objects(f) == {f"dbp_plain@{ip}": "WARNING"}, f.message.en
        assert f.message.en.startswith(f"1 session(s) from the network are not encrypted (1 user@address, e.g. dbp_plain@{ip}")
        assert row(f, object=f"dbp_tls@{ip}") is None
        tls = check(mon, CODE, {"weak_tls_versions": {"value": ["TLSv1.3", "TLSv1.2"]}})
        assert objects(tls) == {f"dbp_plain@{ip}": "WARNING", f"dbp_tls@{ip}": "WARNING",
                                "ssl_min_protocol_version": "WARNING"}  # its TLSv1.2 default is "weak" now too
        assert row(tls, object=f"dbp_tls@{ip}")["tls_version"] in ("TLSv1.3", "TLSv1.2")

    c.sql("ALTER SYSTEM SET ssl_min_protocol_version = 'TLSv1.1'")
    c.sql("SELECT pg_reload_conf()")
    weak = check(mon, CODE)
    assert objects(weak) == {"ssl_min_protocol_version": "WARNING"} and "TLSv1.1" in weak.message.en, weak.message.en

    c.sql("ALTER SYSTEM SET ssl = off")
    c.sql("SELECT pg_reload_conf()")
    off = check(mon, CODE, record="ssl-off", expect="WARNING", contains="ssl is off and the server listens beyond loopback")
    assert objects(off) == {"ssl": "WARNING"}, off.message.en  # a TLSv1.1 minimum does not matter with TLS off

    c.settings["listen_addresses"] = "127.0.0.1"
    c.restart()
    local = check(mon, CODE)
    assert local.outcome is Outcome.OK and local.message.en.startswith("ssl is off, but the server listens on loopback"), \
        local.message.en


@contextlib.contextmanager
def replication_connection(c, ip: str, user: str, sslmode: str):
    """A walsender (a logical replication connection, as a subscriber opens) from the network address."""
    import psycopg

    conn = psycopg.connect(f"host={ip} port={c.port} user={user} dbname=postgres replication=database sslmode={sslmode}",
                           autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def test_replication_connections_from_the_network_are_checked(tls_cluster):
    """Review item 5: a walsender from the network without TLS (a standby's or subscriber's stream:
    every changed row in clear text) is reported, first and as such; one over TLS is not."""
    c, ip, mon = tls_cluster
    c.sql("ALTER SYSTEM RESET ssl")  # as the fixture made it (the test above weakens it step by step)
    c.sql("ALTER SYSTEM RESET ssl_min_protocol_version")
    c.settings["listen_addresses"] = f"'127.0.0.1,{ip}'"
    c.restart()
    c.sql("CREATE ROLE dbp_repl LOGIN REPLICATION")
    c.sql("CREATE ROLE dbp_repl_tls LOGIN REPLICATION")
    with replication_connection(c, ip, "dbp_repl", "disable"), replication_connection(c, ip, "dbp_repl_tls", "require"):
        assert c.sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'") == 2
        f = check(mon, CODE, record="plain-replication", expect="WARNING",
                  contains=f"replication connection(s) from the network are not encrypted")
        assert f.outcome is Outcome.WARNING, f.message.en
        assert objects(f) == {f"replication:dbp_repl@{ip}": "WARNING"}, objects(f)
        assert f.message.en.startswith(f"1 replication connection(s) from the network are not encrypted, e.g. "
                                       f"replication:dbp_repl@{ip} (1 session(s))"), f.message.en
        assert "复制连接未加密" in f.message.zh
        tls = row(f, object=f"replication:dbp_repl_tls@{ip}")
        assert tls is None  # encrypted: not at fault, not in the evidence
        # a plain client session beside it: the replication stream still comes first, both are counted
        with session(c, ip, "dbp_repl", "disable"):
            both = check(mon, CODE)
            assert objects(both) == {f"replication:dbp_repl@{ip}": "WARNING", f"dbp_repl@{ip}": "WARNING"}
            assert "2 unencrypted session(s) from the network in all" in both.message.en, both.message.en
    after = check(mon, CODE)
    assert after.outcome is Outcome.OK, after.message.en


def test_replication_from_the_network_on_18(pg_clusters):
    """The same on PostgreSQL 18 (the embedded build has no TLS, so ssl is off): the plaintext
    walsender is named first, before ssl = off."""
    from tests.servers import pg18_bin

    ip = network_address()
    if ip is None:
        pytest.skip("no non-loopback address on this machine to open a network session from")
    c = pg_clusters({"listen_addresses": f"'127.0.0.1,{ip}'"}, start=False, bin=pg18_bin())
    with open(os.path.join(c.data, "pg_hba.conf"), "a") as f:
        f.write(f"host all all {ip}/32 trust\nhost replication all {ip}/32 trust\n")
    c.start()
    mon = monitor_role(c, CODE)
    c.sql("CREATE ROLE dbp_repl LOGIN REPLICATION")
    assert check(mon, CODE).message.en.startswith("ssl is off and the server listens beyond loopback")
    with replication_connection(c, ip, "dbp_repl", "disable"):
        f = check(mon, CODE)
        assert objects(f) == {f"replication:dbp_repl@{ip}": "WARNING", "ssl": "WARNING"}, objects(f)
        assert f.message.en.startswith(f"1 replication connection(s) from the network are not encrypted, e.g. "
                                       f"replication:dbp_repl@{ip}"), f.message.en
