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


# ----- stored snapshots (the drift checks): a store of the test's own, SQLite in tmp_path -----------------

def sample(target: ConnectTarget, url: str, name: str):
    """One snapshot of every source, stored under the instance name ``name``; its time (UTC-aware)."""
    import datetime as dt

    from checks import samples
    from dbpatrol import snapshots

    with open_session(target) as s:
        snap = samples.take(s)
    # sources refused for a privilege this test's user was not given (other checks' sources) are named and left
    # out, as designed; the check's own source is proven read by the window assertions below
    assert not {k: v for k, v in snap.refused.items() if not v.startswith("privilege")}, snap.refused
    snapshots.save(url, name, snap, "sampler")
    return snap.taken_at.replace(tzinfo=dt.timezone.utc)


def check_stored(target: ConnectTarget, code: str, url: str | None, name: str, win=None, overrides=None, *,
                 record: str | None = None, expect: str | None = None, contains: str | None = None):
    """Run ``code`` as an inspection does: the session reads ``url``'s snapshots as instance ``name``."""
    from dbpatrol import snapshots

    with open_session(target) as s:
        if url:
            s.instance_name, s.snapshots = name, snapshots.SnapshotReader(url)
        finding = run(s, code, overrides, win=win)
        if record and RECORD:
            write_collected_fixture(s, code, record, expect or finding.outcome.value, contains, win)
        return finding


def write_collected_fixture(s, code: str, scenario: str, outcome: str, contains: str | None, win) -> None:
    """A fixture for a check that collects in Python (collect.py): the rows its collector returned; the
    fixture names collect.py as its source and carries that file's hash."""
    import yaml

    from checks import registry
    from checks.execute import collect_rows
    from tests.fixture_files import _plain, sha256

    c = registry.load().get(code)
    rows = collect_rows(s, c, win)
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": "collect.py", "sql_sha256": sha256(c.folder / "collect.py"),
           "rows": [{k: _plain(x) for k, x in r.items()} for r in rows],
           "expect": {"outcome": outcome, **({"message_contains": contains} if contains else {})},
           "note": f"the rows collect.py returned in {c.folder.name}/test_{code.lower()}.py (a private server and a "
                   "store of the test's own)"}
    (c.folder / "fixtures").mkdir(exist_ok=True)
    (c.folder / "fixtures" / f"{s.flavor}-{scenario}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True,
                                                                                     sort_keys=False))
