"""Privileges proven (issue 7, item 9): each check runs as a user holding exactly what it declares.

Everything is read from the registry. For each live engine (the shared PostgreSQL and MariaDB),
the catalog's declarations fall into a few distinct privilege sets (PostgreSQL today: ``login``
and ``pg_monitor``; MariaDB: ``USAGE``, ``PROCESS``, ``SLAVE MONITOR``). One user is created per set,
with the very GRANT statements ``dbpatrol checks grants`` prints (checks/privileges.py), and then,
while real problems run on the server (a session idle in a transaction holding a row lock, a
session blocked on it, a long query, on PostgreSQL a snapshot holding the xmin horizon):

* every check declaring that set, run as that user, is neither ERROR nor SKIPPED for privilege,
  and sees what a superuser sees: the same rows, no column the superuser sees filled that is empty
  or zero for the user, every planted session the superuser's run names (this is what fails when
  a check declares ``login`` but needs ``pg_monitor``: pg_stat_activity hides the state and query of
  other users' sessions instead of raising an error);
* run as a user holding the set less one grant, it is SKIPPED with skip_reason ``privilege``,
  naming that grant, before its SQL runs;
* a check with ``EngineSupport.partial_view`` (its view depends on grants on the objects themselves:
  SELECT on sequences, on tables for pg_stats) is instead never OK while it sees less than the
  superuser.

A check that does not apply on the shared servers (a standby-only check, a replica's) is asserted
not applicable there, and proven the same way on private servers (a primary with a streaming
standby from ``pg_clusters``; a MariaDB primary with a binary log and its replica from
``mariadb_servers``). Finally the issue's headline case: a user without ``pg_monitor`` (MariaDB:
without PROCESS) gets SKIPPED "missing privilege" — never OK — for every check that sees the
planted sessions, both check by check and in a full ``dbpatrol inspect`` run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import json
import re
import secrets
import time
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
import yaml

from checks import registry
from checks.adapters import ConnectTarget, QueryError, open_session
from checks.collect import CollectSkip
from checks.execute import applicability, collect_rows, run_check
from checks.privileges import Grant, grant_set, grant_statements, parse_token, split_privilege
from dbpatrol.results import Outcome
from tests.live import Background, cancel, held_snapshot, is_running, is_waiting_on_lock, open_write_transaction, wait_for

pytestmark = pytest.mark.timeout(300)

REG = registry.load()
LIVE = ("postgresql", "mariadb")
SUPERUSER = {"postgresql": "postgres", "mariadb": "root"}
# The headline: these must be among the checks that see the planted sessions (a lower bound
# for the detector below, which finds them from the rows; codes not in the catalog are ignored).
HEADLINE = {"postgresql": ("RUN003", "RUN004", "RUN005", "RUN006", "RUN007", "RUN012"),
            "mariadb": ("RUN003", "RUN004", "RUN005", "RUN006", "RUN007")}
# What no server here can be made to be: a check that applies only there is listed, not proven.
UNPRODUCIBLE = ("Galera", " or later, server is ")  # a Galera node; a newer server than the binaries here


def declared_sets(engine: str) -> dict[frozenset[Grant], list[str]]:
    """Distinct declared privilege sets → the codes declaring each (login / USAGE is the empty set)."""
    out: dict[frozenset[Grant], list[str]] = {}
    for check in REG.select("annual", engine):
        out.setdefault(grant_set(engine, check.spec.support(engine).privilege), []).append(check.code)
    return dict(sorted(out.items(), key=lambda kv: sorted(g.key for g in kv[0])))


def set_id(grants: frozenset[Grant], engine: str) -> str:
    return "+".join(sorted(g.key for g in grants)) or ("login" if engine == "postgresql" else "USAGE")


def declared_token(engine: str, code: str, grant: Grant) -> str:
    """The token as the spec spells it (the skip message quotes the declaration)."""
    for tok in split_privilege(REG.get(code).spec.support(engine).privilege):
        if parse_token(engine, tok) == grant:
            return tok
    raise AssertionError(f"{code} does not declare {grant.key}")


SETS = [(e, g) for e in LIVE for g in declared_sets(e)]
MINUS_ONE = [(e, g, t) for e, g in SETS for t in sorted(g)]


# ----------------------------------------------------------------------------------------------
# users: one per privilege set, per server, made from the statements `dbpatrol checks grants` prints


@dataclass
class Server:
    """One server the proofs run on, its superuser engine, and the users made on it."""

    engine: str
    port: int
    database: str | None
    admin: sa.Engine  # superuser, autocommit
    label: str
    read_only_copy_of: "Server | None" = None  # a standby: users come from its primary
    users: dict[frozenset[Grant], str] = field(default_factory=dict)
    password: str = field(default_factory=lambda: "Pw-" + secrets.token_hex(8))

    def target(self, user: str, password: str | None) -> ConnectTarget:
        return ConnectTarget(self.engine, "127.0.0.1", self.port, self.database, user, password,
                             statement_timeout_s=20, lock_timeout_s=1)

    def superuser_session(self):
        return open_session(self.target(SUPERUSER[self.engine], None))

    def session(self, grants: frozenset[Grant]):
        return open_session(self.target(self.user(grants), self.password))

    def user(self, grants: frozenset[Grant]) -> str:
        if grants not in self.users:
            if self.read_only_copy_of is not None:  # a standby replays its primary's roles
                name = self.read_only_copy_of.user(grants)
                wait_for(lambda: _sql(self.admin, f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'"), 20,
                         f"role {name} to reach the standby")
            else:
                name = f"dbp_priv_{secrets.token_hex(3)}_{len(self.users)}"
                self._create(name, grants)
            self.users[grants] = name
        return self.users[grants]

    def _create(self, name: str, grants: frozenset[Grant]) -> None:
        with self.admin.connect() as c:
            if self.engine == "postgresql":
                c.exec_driver_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{self.password}'")
                for stmt in grant_statements(self.engine, grants, user=name):
                    c.exec_driver_sql(stmt)
                return
            c.exec_driver_sql("SET SESSION sql_log_bin = 0")  # a private primary must not ship them to its replica
            for host in ("%", "localhost"):
                _my(c, f"CREATE USER '{name}'@'{host}' IDENTIFIED BY '{self.password}'")
                for stmt in grant_statements(self.engine, grants, user=name, host=host):
                    _my(c, stmt)

    def drop_users(self) -> None:
        if self.read_only_copy_of is not None:
            return
        with self.admin.connect() as c:
            for name in self.users.values():
                with contextlib.suppress(Exception):
                    if self.engine == "postgresql":
                        c.exec_driver_sql(f"DROP OWNED BY {name}")
                        c.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")
                    else:
                        c.exec_driver_sql("SET SESSION sql_log_bin = 0")
                        for host in ("%", "localhost"):
                            _my(c, f"DROP USER IF EXISTS '{name}'@'{host}'")
        self.users.clear()


def _my(conn, sql: str) -> None:
    conn.exec_driver_sql(sql.replace("%", "%%"))  # PyMySQL formats statements with %


def _sql(admin: sa.Engine, sql: str):
    with admin.connect() as c:
        return c.exec_driver_sql(sql).first()


@pytest.fixture(scope="module")
def shared(pg_admin, my_admin):
    servers = {"postgresql": Server("postgresql", 5432, "test", pg_admin, "shared PostgreSQL"),
               "mariadb": Server("mariadb", 3306, None, my_admin, "shared MariaDB")}
    yield servers
    for s in servers.values():
        s.drop_users()


# ----------------------------------------------------------------------------------------------
# planted problems on the shared servers


@dataclass
class Planted:
    pids: dict[str, str]  # pid → what it is


@pytest.fixture(scope="module")
def planted(request, pg_admin, my_admin, pg_table, my_table):
    """Real sessions of another user (the superuser): idle in a transaction holding a row lock, one
    blocked on that lock, a long query and (PostgreSQL) a snapshot holding the xmin horizon."""
    made: dict[str, Planted] = {}
    stacks: list[tuple[contextlib.ExitStack, sa.Engine, str, list[int]]] = []

    def plant(engine: str) -> Planted:
        if engine in made:
            return made[engine]
        admin, table = (pg_admin, pg_table) if engine == "postgresql" else (my_admin, my_table)
        stack = contextlib.ExitStack()
        to_cancel: list[int] = []
        stacks.append((stack, admin, engine, to_cancel))
        pids = {}
        idle = stack.enter_context(open_write_transaction(admin, engine, table, row=1))
        pids[str(idle)] = "idle in transaction, holding a row lock"
        if engine == "postgresql":
            pids[str(stack.enter_context(held_snapshot(admin, table)))] = "snapshot holding the xmin horizon"
        lock_setup = ("SET lock_timeout = '300s'",) if engine == "postgresql" else (
            "SET SESSION innodb_lock_wait_timeout = 300",)
        blocked = stack.enter_context(Background(admin, engine, f"UPDATE {table} SET v = v + 1 WHERE id = 1", lock_setup))
        to_cancel.append(blocked.pid)
        pids[str(blocked.pid)] = "blocked on the row lock"
        sleep = "SELECT pg_sleep(300)" if engine == "postgresql" else "SELECT SLEEP(300)"
        long = stack.enter_context(Background(admin, engine, sleep))
        to_cancel.append(long.pid)
        pids[str(long.pid)] = "long query"
        wait_for(lambda: is_waiting_on_lock(admin, engine, blocked.pid), 15, "the lock wait")
        wait_for(lambda: is_running(admin, engine, long.pid), 15, "the long query")
        made[engine] = Planted(pids)
        return made[engine]

    yield plant
    for stack, admin, engine, to_cancel in reversed(stacks):
        for pid in reversed(to_cancel):  # Background joins its thread: end the statements first
            with contextlib.suppress(Exception):
                cancel(admin, engine, pid)
        stack.close()


# ----------------------------------------------------------------------------------------------
# what a session sees


def _window():
    end = dt.datetime.now(dt.timezone.utc)
    return end - dt.timedelta(days=1), end


def finding(session, code: str):
    return run_check(session, REG.get(code), REG.effective_thresholds(code, []), _window())


def rows_of(session, code: str) -> list[dict]:
    """The check's own SQL (or Python collector) as this session sees it (no judge, no privilege probe);
    a collector that finds the check does not apply here (logging_collector off) returns nothing."""
    check = REG.get(code)
    start, end = _window()
    try:
        rows = collect_rows(session, check, (start, end), session.facts.get("database"))
    except CollectSkip:
        return []
    # Statement statistics (PRF001-PRF003, pg_stat_statements) list what the test's own roles ran:
    # each run sees the other run's statements, whose counters differ by when they ran (the first run
    # reads from disk, the second from cache), not by privilege. Those rows are the test's own
    # activity, not what a privilege could hide; every other row is compared.
    return [r for r in rows if not _own_role(r.get("username"))]


def _own_role(name) -> bool:
    return isinstance(name, str) and (name == SUPERUSER["postgresql"] or name.startswith("dbp_priv_"))


def _informative(v) -> bool:
    if v is None or v is False:
        return False
    if isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool) and v == 0:
        return False
    if isinstance(v, str) and (not v.strip() or "insufficient privilege" in v):
        return False
    return True


# Columns that can name a session. A pid is a small number: in any column it can equal a setting
# (MariaDB's table_open_cache defaults to 2000, and the shared server's connection ids pass 2000 in a
# full run: PRF033 was then taken for a session check).
_SESSION_WORDS = {"pid", "pids", "id", "ids", "thread", "threads", "session", "sessions", "sid", "spid",
                  "blocker", "blocked", "blocking", "holder", "holders", "waiter", "waiters", "backend",
                  "connection", "conn", "processlist", "trx", "sample", "samples", "who", "example", "examples"}


def _session_column(name: str) -> bool:
    return bool(_SESSION_WORDS & set(re.split(r"[_\W]+", str(name).lower())))


def _mentions(rows: list[dict], pid: str) -> bool:
    return any(pid in re.split(r"[,\s]+", str(v)) for r in rows for k, v in r.items()
               if v is not None and _session_column(k))


def blind_spots(superuser_rows: list[dict], user_rows: list[dict], pids) -> list[str]:
    """What the superuser's run saw that the user's did not."""
    spots = []
    if len(user_rows) < len(superuser_rows):
        spots.append(f"{len(superuser_rows)} row(s) for the superuser, {len(user_rows)} for this user "
                     f"(superuser: {superuser_rows[:3]}; user: {user_rows[:3]})")
    for col in (superuser_rows[0] if superuser_rows else {}):
        if any(_informative(r.get(col)) for r in superuser_rows) and not any(_informative(r.get(col)) for r in user_rows):
            spots.append(f"column {col} is filled for the superuser, empty or zero for this user")
    spots += [f"does not see planted session {p}" for p in pids if _mentions(superuser_rows, p) and not _mentions(user_rows, p)]
    return spots


def compare(superuser, user, code: str, pids=(), attempts: int = 4) -> list[str]:
    """Blind spots that persist over a few back-to-back runs (other tests share the servers, so a
    row may come or go between two runs; a privilege hides it every time). A refusal is a spot."""
    spots: list[str] = []
    for _ in range(attempts):
        try:
            mine = rows_of(user, code)
        except QueryError as exc:
            return [f"refused: {exc.message}"]
        spots = blind_spots(rows_of(superuser, code), mine, pids)
        if not spots:
            return []
        time.sleep(0.3)
    return spots


def assert_runs_cleanly(f, engine: str, code: str, who: str) -> None:
    assert f.outcome is not Outcome.ERROR, f"{code} on {engine} as {who}: {f.message.en}"
    assert not (f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege"), f"{code} on {engine} as {who}: {f.message.en}"
    assert "{" not in f.message.en and "{" not in (f.message.zh or ""), f.message.en
    assert f.message.zh, f"{code}: no zh-CN message"


def assert_skipped_only_as_the_superuser_is(f, su_finding, what: str) -> None:
    """Applicable here, the check may still judge its rows "not applicable" (ERR001 with data
    checksums off) — but then so does the superuser's run: it never depends on the privilege."""
    if f.outcome is Outcome.SKIPPED:
        assert su_finding.outcome is Outcome.SKIPPED and su_finding.message.en == f.message.en, \
            f"{what}: SKIPPED for this user ({f.message.en}), {su_finding.outcome.value} for the superuser"


def assert_skipped_naming(f, engine: str, code: str, token: str, who: str) -> None:
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", \
        f"{code} on {engine} as {who} (lacking {token}): {f.outcome.value} {f.message.en}"
    assert f.message.en.startswith("missing privilege: ") and token in f.message.en, f.message.en
    assert token in (f.message.zh or ""), f.message.zh


# ----------------------------------------------------------------------------------------------
# the registry gives the sets (and the grammar holds for every declaration)


def test_every_declaration_parses_and_the_sets_come_from_the_registry():
    for engine in ("postgresql", "mysql", "mariadb", "oracle"):
        for check in REG.select("annual", engine):
            for tok in split_privilege(check.spec.support(engine).privilege):
                parse_token(engine, tok)  # raises, naming the token, when it is outside the grammar
    for engine in LIVE:
        sets = declared_sets(engine)
        assert sum(len(codes) for codes in sets.values()) == len(REG.select("annual", engine))
        assert len(sets) >= 2, f"{engine}: {sets}"  # at least "nothing" and one real grant


# ----------------------------------------------------------------------------------------------
# (1) holding exactly the declared set: runs, and sees what a superuser sees


@pytest.mark.parametrize("engine,grants", SETS, ids=[f"{e}-{set_id(g, e)}" for e, g in SETS])
def test_each_check_runs_as_a_user_holding_exactly_its_declared_privileges(shared, planted, engine, grants):
    server = shared[engine]
    pids = planted(engine).pids
    codes = declared_sets(engine)[grants]
    problems = []
    with server.superuser_session() as su, server.session(grants) as me:
        for code in codes:
            spec = REG.get(code).spec
            f = finding(me, code)
            not_here = applicability(spec, su)
            if not_here is not None:  # proven on a private server (test below)
                assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", (code, f.message.en)
                assert f.message.en == not_here.message.en, (code, f.message.en, not_here.message.en)
                continue
            if spec.support(engine).partial_view:
                # sees what its object grants allow (EngineSupport.partial_view): never OK over the rest
                spots = compare(su, me, code, pids)
                if spots and f.outcome is Outcome.OK:
                    problems.append(f"{code} declares a partial view on {engine} and is OK although it "
                                    f"{'; '.join(spots)}")
                continue
            assert_runs_cleanly(f, engine, code, set_id(grants, engine))
            assert_skipped_only_as_the_superuser_is(f, finding(su, code), code)
            spots = compare(su, me, code, pids)
            if spots:
                problems.append(f"{code} declares {set_id(grants, engine)!r} on {engine}, but as such a user it "
                                f"{'; '.join(spots)}")
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------------------
# (2) lacking one declared grant: SKIPPED naming it, before the SQL runs


@pytest.mark.parametrize("engine,grants,missing", MINUS_ONE,
                         ids=[f"{e}-{set_id(g, e)}-without-{t.key}" for e, g, t in MINUS_ONE])
def test_each_check_is_skipped_naming_the_grant_a_user_lacks(shared, engine, grants, missing):
    server = shared[engine]
    with server.superuser_session() as su, server.session(grants - {missing}) as me:
        for code in declared_sets(engine)[grants]:
            f = finding(me, code)
            if applicability(REG.get(code).spec, su) is not None:
                # does not apply here; a user who cannot even tell (MariaDB: no SLAVE MONITOR, so no
                # replication status) gets the missing privilege instead — never a run
                assert f.outcome is Outcome.SKIPPED and f.skip_reason in ("not_applicable", "privilege"), (code, f.message.en)
                if f.skip_reason == "privilege":
                    assert_skipped_naming(f, engine, code, declared_token(engine, code, missing), "")
                continue
            assert_skipped_naming(f, engine, code, declared_token(engine, code, missing), set_id(grants - {missing}, engine))
            assert f.evidence == [], f"{code}: skipped before its SQL runs, nothing collected"


# ----------------------------------------------------------------------------------------------
# (3) the headline: no pg_monitor (no PROCESS) while sessions really run → SKIPPED, never OK


def session_checks(server: Server, pids: dict[str, str]) -> dict[str, list[str]]:
    """Checks whose view depends on privilege right now: the superuser's rows name a planted
    session, or a user holding nothing sees less than the superuser. Code → why."""
    found: dict[str, list[str]] = {}
    with server.superuser_session() as su, server.session(frozenset()) as bare:
        for check in REG.select("annual", server.engine):
            if applicability(check.spec, su) is not None or check.spec.support(server.engine).partial_view:
                continue  # (a partial view is the check's own to name: test (1))
            rows = rows_of(su, check.code)
            why = [f"the superuser's rows name planted session {p} ({what})" for p, what in pids.items() if _mentions(rows, p)]
            why += compare(su, bare, check.code, pids)
            if why:
                found[check.code] = why
    return found


@pytest.mark.parametrize("engine", LIVE)
def test_without_the_monitoring_privilege_every_session_check_is_skipped_not_ok(shared, planted, engine):
    server = shared[engine]
    pids = planted(engine).pids
    found = session_checks(server, pids)
    seen = {p for p in pids if any(f"planted session {p} " in w for ws in found.values() for w in ws)}
    assert seen == set(pids), f"planted sessions no check sees: {set(pids) - seen} ({pids})"
    headline = {c for c in HEADLINE[engine] if any(c == k.code for k in REG.select("annual", engine))}
    assert headline <= set(found), f"not detected as session checks: {headline - set(found)}"
    with server.session(frozenset()) as bare:
        for code in found:
            f = finding(bare, code)
            assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", \
                f"{code} as a user holding nothing, while {found[code][0]}: {f.outcome.value} {f.message.en}"
            for tok in (t for t in split_privilege(REG.get(code).spec.support(engine).privilege)
                        if parse_token(engine, t).kind != "nothing"):
                assert tok in f.message.en, f.message.en


def test_an_inspection_as_users_without_the_privileges_reports_no_ok_for_session_checks(
        shared, planted, prefect_harness, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from dbpatrol.cli import app

    found = {e: session_checks(shared[e], planted(e).pids) for e in LIVE}
    monkeypatch.setenv("DBPATROL_TEST_BARE_PW", shared["postgresql"].password)
    monkeypatch.setenv("DBPATROL_TEST_BARE_MY_PW", shared["mariadb"].password)
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    inv = {"businesses": [{"name": "core", "hosts": [{"name": "local", "address": "127.0.0.1", "instances": [
        {"name": "pg-bare", "engine": "postgresql", "port": 5432, "database": "test",
         "user": shared["postgresql"].user(frozenset()), "password": {"env": "DBPATROL_TEST_BARE_PW"}},
        {"name": "maria-bare", "engine": "mariadb", "port": 3306,
         "user": shared["mariadb"].user(frozenset()), "password": {"env": "DBPATROL_TEST_BARE_MY_PW"}},
    ]}]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    res = CliRunner().invoke(app, ["inspect", "--inventory", str(path), "--tier", "annual", "--format", "json",
                                   "--json", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    by_name = {i["name"]: i for i in report["instances"]}
    for name, engine in (("pg-bare", "postgresql"), ("maria-bare", "mariadb")):
        inst = by_name[name]
        assert inst["reachable"], inst.get("cause")
        findings = {f["code"]: f for f in inst["findings"]}
        needs = {c.code for c in REG.select("annual", engine) if grant_set(engine, c.spec.support(engine).privilege)}
        assert set(found[engine]) <= needs, f"session checks declaring nothing: {set(found[engine]) - needs}"
        for code in sorted(needs):
            f = findings[code]
            assert f["outcome"] != "OK", f"{name} {code}: OK without its privilege ({f['message']})"
            if f["skip_reason"] != "not_applicable":
                assert (f["outcome"], f["skip_reason"]) == ("SKIPPED", "privilege"), (name, code, f["message"])
                assert f["message"]["en"].startswith("missing privilege: "), f["message"]


# ----------------------------------------------------------------------------------------------
# (4) what does not apply on the shared servers, proven on private ones


def _pg_private(pg_clusters) -> list[Server]:
    requires = {r for c in REG.select("annual", "postgresql") for r in c.spec.support("postgresql").requires}
    preload = sorted({r.split(":", 1)[1] for r in requires if r.removeprefix("not:").startswith("preload:")})
    extensions = sorted({r.split(":", 1)[1] for r in requires if r.startswith("extension:")})
    settings = {"wal_level": "replica", "archive_mode": "on", "archive_command": "/bin/true"}
    if preload:
        settings["shared_preload_libraries"] = ",".join(preload)
    primary = pg_clusters(settings)
    for ext in extensions:
        primary.sql(f"CREATE EXTENSION IF NOT EXISTS {ext}")
    standby = pg_clusters.track(primary.standby({**{k: v for k, v in settings.items() if k != "wal_level"},
                                                 "archive_mode": "always"}))
    p = Server("postgresql", primary.port, "postgres", primary.engine(), "private PostgreSQL primary (archiving, a standby)")
    s = Server("postgresql", standby.port, "postgres", standby.engine(), "private PostgreSQL standby",
               read_only_copy_of=p, password=p.password)
    return [p, s]


def _mariadb_private(mariadb_servers) -> list[Server]:
    opts = {"performance-schema": "ON"}
    primary = mariadb_servers({**opts, "log-bin": None, "server-id": "31"})
    replica = mariadb_servers({**opts, "server-id": "32"})
    replica.replica_of(primary)
    wait_for(lambda: _replica_running(replica), 30, "the replica's IO and SQL threads")
    return [Server("mariadb", primary.port, None, primary.engine(), "private MariaDB primary (binary log)"),
            Server("mariadb", replica.port, None, replica.engine(), "private MariaDB replica")]


def _replica_running(replica) -> bool:
    eng = replica.engine()
    try:
        with eng.connect() as c:
            row = c.exec_driver_sql("SHOW SLAVE STATUS").mappings().first()
        return bool(row) and row["Slave_IO_Running"] == "Yes" and row["Slave_SQL_Running"] == "Yes"
    finally:
        eng.dispose()


@pytest.mark.parametrize("engine", LIVE)
def test_checks_that_do_not_apply_here_are_proven_on_private_servers(request, shared, engine):
    servers = (_pg_private(request.getfixturevalue("pg_clusters")) if engine == "postgresql"
               else _mariadb_private(request.getfixturevalue("mariadb_servers")))
    try:
        with shared[engine].superuser_session() as su:
            elsewhere = {c.code: applicability(c.spec, su).message.en for c in REG.select("annual", engine)
                         if applicability(c.spec, su) is not None}
        proven: dict[str, str] = {}
        problems = []
        for server in servers:
            with server.superuser_session() as su:
                applies = {c.code for c in REG.select("annual", engine) if applicability(c.spec, su) is None}
                for grants, codes in declared_sets(engine).items():
                    mine = [c for c in codes if c in applies]
                    if not mine:
                        continue
                    with server.session(grants) as me:
                        for code in mine:
                            f = finding(me, code)
                            assert_runs_cleanly(f, engine, code, f"{set_id(grants, engine)} on the {server.label}")
                            assert_skipped_only_as_the_superuser_is(f, finding(su, code), f"{code} on the {server.label}")
                            spots = compare(su, me, code)
                            if spots:
                                problems.append(f"{code} on the {server.label} as {set_id(grants, engine)}: {'; '.join(spots)}")
                            elif code in elsewhere:
                                proven[code] = server.label
                    for missing in sorted(grants):
                        with server.session(grants - {missing}) as me:
                            for code in mine:
                                assert_skipped_naming(finding(me, code), engine, code,
                                                      declared_token(engine, code, missing), server.label)
        assert not problems, "\n".join(problems)
        unproven = {c: why for c, why in elsewhere.items() if c not in proven}
        assert all(any(u in why for u in UNPRODUCIBLE) for why in unproven.values()), \
            f"not applicable on the shared {engine} and on no private server: {unproven}"
    finally:
        for server in servers:
            server.drop_users()
