"""SEC022 live: password_encryption on a private cluster — the server's, and overrides by role and database."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC022"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def test_md5_for_the_server_and_for_one_role(cluster):
    c, mon = cluster
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and [(r["scope"], r["setting"]) for r in before.evidence] == [
        ("server", "scram-sha-256")], before.message.en

    c.sql("CREATE ROLE dbp_legacy LOGIN")
    c.sql("ALTER ROLE dbp_legacy SET password_encryption = 'md5'")
    c.sql("CREATE DATABASE dbp_sec022")
    c.sql("ALTER DATABASE dbp_sec022 SET password_encryption = 'scram-sha-256'")  # healthy override
    one = check(mon, CODE)
    assert one.outcome is Outcome.WARNING and objects(one) == {"password_encryption.role dbp_legacy": "WARNING"}
    assert one.message.en.startswith("password_encryption = md5 for the role dbp_legacy (expected scram-sha-256)")

    c.sql("ALTER SYSTEM SET password_encryption = 'md5'")
    c.sql("SELECT pg_reload_conf()")
    both = check(mon, CODE, record="md5", expect="WARNING", contains="password_encryption = md5 for the")
    assert objects(both) == {"password_encryption.role dbp_legacy": "WARNING", "password_encryption.server": "WARNING"}
    assert row(both, scope="server")["source"] == "configuration file" and "2 place(s)" in both.message.en
    assert row(both, scope="database dbp_sec022") is None  # the scram override is not at fault

    c.sql("ALTER SYSTEM RESET password_encryption")
    c.sql("SELECT pg_reload_conf()")
    c.sql("ALTER ROLE dbp_legacy RESET password_encryption")
    assert check(mon, CODE).outcome is Outcome.OK


@pytest.mark.parametrize("version", ["15", "18"])
def test_the_server_row_is_the_servers_not_the_monitoring_sessions(pg_clusters, version):
    """Review item 17: pg_settings shows this session's value after the monitoring role's own role and
    database settings. A scram override on the monitoring role must not hide an md5 server (false OK),
    and an md5 override on it is that role's row, not the server's."""
    from tests.servers import pg18_bin

    c = pg_clusters(bin=pg18_bin() if version == "18" else "")
    mon = monitor_role(c, CODE)
    c.sql("ALTER SYSTEM SET password_encryption = 'md5'")
    c.sql("SELECT pg_reload_conf()")
    c.sql(f"ALTER ROLE {mon.user} SET password_encryption = 'scram-sha-256'")
    masked = check(mon, CODE)
    server = row(masked, scope="server")
    assert server is not None, (masked.outcome, masked.message.en, masked.evidence)
    assert server["setting"] == "md5" and "(this session: user scram-sha-256)" in server["source"], server
    assert masked.outcome is Outcome.WARNING and objects(masked) == {"password_encryption.server": "WARNING"}, objects(masked)
    if version == "15":
        check(mon, CODE, record="masked-by-role", expect="WARNING", contains="password_encryption = md5 for the server")

    c.sql("ALTER SYSTEM RESET password_encryption")
    c.sql("SELECT pg_reload_conf()")
    c.sql(f"ALTER ROLE {mon.user} IN DATABASE postgres SET password_encryption = 'md5'")
    own = check(mon, CODE)
    assert "password_encryption.server" not in objects(own), own.evidence  # the session's md5 is not the server's
    assert objects(own) == {f"password_encryption.role {mon.user} in database postgres": "WARNING"}, objects(own)
