"""What the configuration checks' live tests share (not a check: the registry skips ``_`` folders).

``pg_monitor_for(cluster, code)`` is a LOGIN role holding exactly what ``code`` declares (the grants
``dbpatrol checks grants`` prints), made once per cluster and check; ``pg_set`` / ``pg_reset`` change
server settings with ALTER SYSTEM and a reload (``restart=True`` for the postmaster-only ones) on the
private clusters of checks/config/conftest.py; ``my_monitor_for`` is the MariaDB counterpart.
``DBPATROL_RECORD_FIXTURES=1`` re-records a check's fixtures from its live run (tests/pg_security.py).
"""

from __future__ import annotations

import time

from checks.adapters import ConnectTarget, open_session
from checks.privileges import grant_set, grant_statements
from tests.live import REG, run
from tests.pg_security import RECORD, monitor_role, write_fixture

_pg_roles: dict[tuple[int, str], ConnectTarget] = {}
_my_users: dict[tuple[int, str], ConnectTarget] = {}


def pg_monitor_for(cluster, code: str) -> ConnectTarget:
    key = (cluster.port, code)
    if key not in _pg_roles:
        _pg_roles[key] = monitor_role(cluster, code)
    return _pg_roles[key]


def pg_set(cluster, restart: bool = False, **settings) -> None:
    for name, value in settings.items():
        cluster.sql(f"ALTER SYSTEM SET {name} = '{value}'")
    _apply(cluster, restart)


def pg_reset(cluster, *names: str, restart: bool = False) -> None:
    for name in names:
        cluster.sql(f"ALTER SYSTEM RESET {name}")
    _apply(cluster, restart)


def _apply(cluster, restart: bool) -> None:
    if restart:
        cluster.restart()
    else:
        cluster.sql("SELECT pg_reload_conf()")
        time.sleep(0.2)  # the postmaster signals the backends; a new connection reads the new values


def my_monitor_for(server, code: str) -> ConnectTarget:
    key = (server.port, code)
    if key not in _my_users:
        user = f"dbp_{code.lower()}"
        server.sql(f"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY 'pw-{code.lower()}'")
        privilege = REG.get(code).spec.support("mariadb").privilege
        for statement in grant_statements("mariadb", grant_set("mariadb", privilege), user=user):
            server.sql(statement.rstrip(";"))
        _my_users[key] = ConnectTarget("mariadb", "127.0.0.1", server.port, None, user, f"pw-{code.lower()}")
    return _my_users[key]


def check(target: ConnectTarget, code: str, overrides: dict | None = None, *, record: str | None = None,
          expect: str | None = None, contains: str | None = None, note: str | None = None):
    """Run ``code`` as ``target``'s user (recording fixtures/<engine>-<record>.yaml when asked)."""
    with open_session(target) as s:
        finding = run(s, code, overrides)
        if record and RECORD:
            write_fixture(s, code, record, expect or finding.outcome.value, contains, overrides, note)
        return finding


def objects(finding) -> dict[str, str]:
    return {o.key: o.outcome.value for o in finding.objects}


def row(finding, **match) -> dict | None:
    return next((r for r in finding.evidence if all(str(r.get(k)) == str(v) for k, v in match.items())), None)
