"""Database scope (issue 7 item 6), through the real CLI on the local PostgreSQL and MariaDB.

No check of the catalog has scope "database" yet, so the test takes a real one — RUN003
(sessions idle in a transaction), spec, judge and messages as they are — copied with
``scope="database"`` and SQL narrowed to the database it runs in (PostgreSQL: the connection's
``current_database()``; MariaDB: the bind ``:database``). An idle transaction is planted in each
of two scratch databases (PostgreSQL) and schemas (MariaDB), each by a connection of its own, and
each finding must name its database and show that database's planted session — not the other's.
"""

from __future__ import annotations

import json
import secrets
import time

import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from checks import registry
from checks.registry import Check, Registry, SqlVariant
from dbpatrol.cli import app
from tests.harness import MON_PASSWORD, MON_USER, MY_ADMIN_URL, _my

TOKEN = secrets.token_hex(3)
PG_DBS = [f"dbp_scope_a_{TOKEN}", f"dbp_scope_b_{TOKEN}"]
MY_DBS = [f"dbp_scope_a_{TOKEN}", f"dbp_scope_b_{TOKEN}"]
MY_HIDDEN = f"dbp_scope_hidden_{TOKEN}"  # exists, but the monitoring user holds nothing in it
PG_MISSING = f"dbp_scope_missing_{TOKEN}"
MY_MISSING = f"dbp_scope_missing_{TOKEN}"  # never created


@pytest.fixture(scope="module")
def database_scope_registry(tmp_path_factory, pg_admin, my_admin):
    """The catalog with RUN003 turned into a database-scope check: the SQL each local server runs,
    narrowed to one database."""
    from checks.spec import parse_version

    base = registry.load().get("RUN003")
    with pg_admin.connect() as c:
        pg_version = parse_version(c.exec_driver_sql("SHOW server_version").scalar().split()[0])
    with my_admin.connect() as c:
        my_version = parse_version(c.exec_driver_sql("SELECT VERSION()").scalar().split("-")[0])
    d = tmp_path_factory.mktemp("run003-db")
    pg_sql = d / "postgresql.sql"
    pg_sql.write_text(base.sql_for("postgresql", pg_version).text.replace(
        "AND pid <> pg_backend_pid()", "AND pid <> pg_backend_pid()\n  AND datname = current_database()"), encoding="utf-8")
    my_sql = d / "mariadb.sql"
    my_sql.write_text(base.sql_for("mariadb", my_version).text.replace(
        "AND t.trx_mysql_thread_id <> CONNECTION_ID()",
        "AND t.trx_mysql_thread_id <> CONNECTION_ID()\n  AND p.db = :database"), encoding="utf-8")
    assert "current_database()" in pg_sql.read_text() and ":database" in my_sql.read_text()
    check = Check(spec=base.spec.model_copy(update={"scope": "database"}), folder=base.folder,
                  sql={"postgresql": [SqlVariant("postgresql", (0,), pg_sql)], "mariadb": [SqlVariant("mariadb", (0,), my_sql)]})
    return Registry([check if c.code == "RUN003" else c for c in registry.load()])


@pytest.fixture
def scoped(monkeypatch, database_scope_registry):
    monkeypatch.setattr(registry, "load", lambda: database_scope_registry)


@pytest.fixture(scope="module")
def planted(pg_admin, my_admin, pg_monitor_user, my_monitor_user):
    """Two PostgreSQL databases and two MariaDB schemas, each with one session idle in a transaction."""
    with pg_admin.connect() as c:
        for db in PG_DBS:
            c.exec_driver_sql(f"CREATE DATABASE {db}")
    with my_admin.connect() as c:
        for db in [*MY_DBS, MY_HIDDEN]:
            c.exec_driver_sql(f"CREATE DATABASE {db}")
            c.exec_driver_sql(f"CREATE TABLE {db}.t (id int PRIMARY KEY)")
            c.exec_driver_sql(f"INSERT INTO {db}.t VALUES (1)")
        for db in MY_DBS:  # a schema is visible to the monitoring user once it holds something in it
            for host in ("%", "localhost"):
                _my(c, f"GRANT SELECT ON {db}.* TO '{MON_USER}'@'{host}'")
    engines, holders, plants = [], [], {"postgresql": {}, "mariadb": {}}
    try:
        for db in PG_DBS:
            eng = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{db}", poolclass=sa.NullPool,
                                   connect_args={"application_name": f"plant-{db}"})
            engines.append(eng)
            conn = eng.connect()
            holders.append(conn)
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()  # opens the transaction, then idles
            plants["postgresql"][db] = pid
        for db in MY_DBS:
            eng = sa.create_engine(f"{MY_ADMIN_URL.rsplit('/', 1)[0]}/{db}", poolclass=sa.NullPool)
            engines.append(eng)
            conn = eng.connect()
            holders.append(conn)
            conn.exec_driver_sql("SELECT * FROM t FOR UPDATE").fetchall()  # an InnoDB transaction, then Sleep
            plants["mariadb"][db] = conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
        time.sleep(1.2)  # idle for a second at least
        yield plants
    finally:
        for conn in holders:
            conn.close()
        for eng in engines:
            eng.dispose()
        with pg_admin.connect() as c:
            for db in PG_DBS:
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        with my_admin.connect() as c:
            for db in [*MY_DBS, MY_HIDDEN]:
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {db}")


def _inventory(tmp_path, pg: dict, maria: dict, extra: list[dict] = ()) -> str:
    pw = {"env": "DBPATROL_TEST_MON_PW"}
    inv = {"businesses": [{"name": "core", "hosts": [{"name": "local", "address": "127.0.0.1", "instances": [
        {"name": "pg", "engine": "postgresql", "port": 5432, "database": "test", "user": MON_USER, "password": pw, **pg},
        {"name": "maria", "engine": "mariadb", "port": 3306, "user": MON_USER, "password": pw, **maria},
        *extra,
    ]}]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    return str(path)


def inspect(monkeypatch, tmp_path, inv: str, *args) -> dict:
    monkeypatch.setenv("DBPATROL_TEST_MON_PW", MON_PASSWORD)
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    res = CliRunner().invoke(app, ["inspect", "--inventory", inv, "--json", "--format", "json,html",
                                   "--out", str(tmp_path / "out"), "--threshold", "RUN003.idle_s=0/100000", *args])
    assert res.exit_code == 0, res.output
    return {i["name"]: i for i in json.loads(res.stdout)["instances"]}


def _run003(inst: dict) -> dict[str | None, dict]:
    assert inst["reachable"], inst["cause"]
    found = [f for f in inst["findings"] if f["code"] == "RUN003"]
    by_db = {f["database"]: f for f in found}
    assert len(by_db) == len(found), "one RUN003 finding per database"
    return by_db


def test_each_database_gets_its_own_finding_and_a_missing_one_does_not_stop_the_others(
        prefect_harness, scoped, planted, monkeypatch, tmp_path):
    inv = _inventory(tmp_path, pg={"databases": [PG_MISSING, *PG_DBS]}, maria={"databases": [MY_MISSING, *MY_DBS]},
                     extra=[{"name": "pg-default", "engine": "postgresql", "port": 5432, "database": PG_DBS[0],
                             "user": MON_USER, "password": {"env": "DBPATROL_TEST_MON_PW"}}])
    report = inspect(monkeypatch, tmp_path, inv, "--only", "RUN001,RUN003")

    for name, engine, dbs, missing, cause in (("pg", "postgresql", PG_DBS, PG_MISSING, "does not exist"),
                                              ("maria", "mariadb", MY_DBS, MY_MISSING, "not visible")):
        inst = report[name]
        found = _run003(inst)
        assert set(found) == {*dbs, missing}
        for db in dbs:
            mine, other = planted[engine][db], planted[engine][next(d for d in dbs if d != db)]
            f = found[db]
            assert f["outcome"] == "WARNING", f
            pids = {row["pid"] for row in f["evidence"]}
            assert mine in pids and other not in pids, (db, pids)
            assert {row["database_name"] for row in f["evidence"]} == {db}
        assert found[missing]["outcome"] == "SKIPPED" and found[missing]["skip_reason"] == "unreachable"
        assert f"database {missing} unreachable" in found[missing]["message"]["en"]
        assert cause in found[missing]["message"]["en"]
        # RUN001 is an instance-scope check: once, naming no database
        assert [f["database"] for f in inst["findings"] if f["code"] == "RUN001"] == [None]

    # PostgreSQL: the instance session plus one connection per other reachable database; MariaDB: one session
    assert report["pg"]["connections_opened"] == 1 + len(PG_DBS)
    assert report["maria"]["connections_opened"] == 1

    # without databases: the instance's own database, on the instance session
    default = _run003(report["pg-default"])
    assert set(default) == {PG_DBS[0]} and planted["postgresql"][PG_DBS[0]] in {r["pid"] for r in default[PG_DBS[0]]["evidence"]}
    assert report["pg-default"]["connections_opened"] == 1

    # the report shows the database beside the check
    html = next((tmp_path / "out").rglob("*.html")).read_text(encoding="utf-8")
    assert f"db {PG_DBS[0]}" in html and f"db {MY_DBS[1]}" in html


def test_databases_all_is_discovered(prefect_harness, scoped, planted, monkeypatch, tmp_path):
    inv = _inventory(tmp_path, pg={"databases": "all"}, maria={"databases": "all"})
    report = inspect(monkeypatch, tmp_path, inv, "--only", "RUN003")
    pg = _run003(report["pg"])
    assert set(PG_DBS) | {"test", "postgres"} <= set(pg)
    assert not {"template0", "template1"} & set(pg)
    for db in PG_DBS:
        assert planted["postgresql"][db] in {r["pid"] for r in pg[db]["evidence"]}
    maria = _run003(report["maria"])
    # the schemas the monitoring user can see: the catalog declares SHOW DATABASES (SEC051 lists
    # every schema), so one it holds nothing else in is discovered too
    assert set(MY_DBS) | {MY_HIDDEN} <= set(maria)
    assert not {"mysql", "sys", "performance_schema", "information_schema"} & set(maria)
    for db in MY_DBS:
        assert planted["mariadb"][db] in {r["pid"] for r in maria[db]["evidence"]}
    # "test" is the instance's own database: no second connection for it
    others = [db for db, f in pg.items() if db != "test" and f["skip_reason"] != "unreachable"]
    assert report["pg"]["connections_opened"] == 1 + len(others)


def test_no_connection_per_database_when_no_database_check_runs(prefect_harness, scoped, planted, monkeypatch, tmp_path):
    inv = _inventory(tmp_path, pg={"databases": [*PG_DBS, PG_MISSING]}, maria={"databases": [*MY_DBS]})
    report = inspect(monkeypatch, tmp_path, inv, "--skip", "RUN003")
    for name in ("pg", "maria"):
        assert report[name]["connections_opened"] == 1
        assert all(f["database"] is None for f in report[name]["findings"])
        run003 = [f for f in report[name]["findings"] if f["code"] == "RUN003"]
        assert [f["message"]["en"] for f in run003] == ["not inspected: disabled by run"]


def test_an_ack_in_one_database_leaves_the_same_table_in_another_live(pg_monitor_user, tmp_path):
    """Review item 2: OBJ024 run in two databases that both hold a keyless public.t — one finding per
    database, each naming public.t; an ack of public.t in the first (dbpatrol ack add --database)
    mutes it there only, and history compares each database's public.t with its own."""
    import datetime as dt

    from dbpatrol import store_db
    from dbpatrol.results import InspectionResult, InstanceResult
    from reports import history
    from reports.acks import AckStore, apply_acks
    from tests.objects_live import pg_scratch

    with pg_scratch("ackdb") as app_db, pg_scratch("ackdb") as other_db:
        for s in (app_db, other_db):
            s.sql("CREATE TABLE t (a int, b text)", "INSERT INTO t VALUES (1, 'x')")
        findings = [s.check("OBJ024") for s in (app_db, other_db)]
    assert [(f.database, f.outcome.value, [o.key for o in f.objects]) for f in findings] == [
        (app_db.name, "WARNING", ["public.t"]), (other_db.name, "WARNING", ["public.t"])]
    now = dt.datetime.now(dt.timezone.utc)

    def result(i):
        return InspectionResult(id=f"r{i}", tier="weekly", window_start=now, window_end=now, generated_at=now,
                                instances=[InstanceResult(name="pg", engine="postgresql", reachable=True,
                                                          findings=[f.model_copy(deep=True) for f in findings])])

    acks = AckStore(store_db.get_engine(f"sqlite:///{tmp_path / 'store.db'}"))
    acks.add("pg", "OBJ024", "archived table", by="alice", object="public.t", database=app_db.name)
    marked = result(1)
    assert apply_acks(marked, acks.list()) == 2  # appdb's public.t and, all its objects acknowledged, the finding
    app, other = marked.instances[0].findings
    assert app.objects[0].acknowledged.database == app_db.name and app.acknowledged is not None
    assert other.objects[0].acknowledged is None and other.acknowledged is None and other.problem
    d = history.diff(marked, result(0))
    assert sorted((c.database, c.object, c.acknowledged is not None) for c in d.persisting) == sorted(
        [(app_db.name, "public.t", True), (other_db.name, "public.t", False)])
