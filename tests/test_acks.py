"""Acknowledgements: the `dbpatrol ack` CLI on a real store (SQLite in a tmp dir), the audit trail,
expiry, and an acknowledged result in every format and in the score."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import textwrap

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import reports
from checks import registry
from dbpatrol.cli import app
from dbpatrol.results import Outcome
from dbpatrol.settings import Settings
from reports import sample, score
from reports.acks import AckExists, AckStore, apply_acks
from reports.store import ReportStore

UTC = dt.timezone.utc
TZ = "Asia/Shanghai"
runner = CliRunner()
INVENTORY = textwrap.dedent("""
    businesses:
      - name: core
        hosts:
          - name: h1
            address: 127.0.0.1
            instances:
              - {name: pg-main, engine: postgresql, port: 5432, database: test, user: postgres}
              - {name: pg-other, engine: postgresql, port: 5432, database: test, user: postgres}
""")


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    inv = tmp_path / "inventory.yaml"
    inv.write_text(INVENTORY, encoding="utf-8")
    monkeypatch.setenv("DBPATROL_HOME", str(home))
    monkeypatch.setenv("DBPATROL_STORE_URL", f"sqlite:///{home / 'store.db'}")
    monkeypatch.setenv("DBPATROL_INVENTORY", str(inv))
    monkeypatch.setenv("DBPATROL_TIMEZONE", TZ)
    monkeypatch.delenv("DBPATROL_REPORT_DIR", raising=False)
    return home


def store(home) -> ReportStore:
    return ReportStore(Settings(home=home), url=f"sqlite:///{home / 'store.db'}")


def ack(*args):
    return runner.invoke(app, ["ack", *map(str, args)])


REG = registry.load()
PLAIN = next(c.code for c in REG if not c.spec.object_key)  # a check about the instance as a whole
KEYED = next((c.code for c in REG if c.spec.object_key), None)  # a check whose rows name objects


def test_cli_add_list_remove_and_the_audit_trail(home):
    res = ack("add", PLAIN, "--instance", "pg-main", "--reason", "batch window, ticket OPS-12",
              "--until", "2999-01-31", "--by", "alice")
    assert res.exit_code == 0, res.output
    assert re.search(rf"ack 1: {PLAIN} on pg-main acknowledged by alice until 2999-01-31 23:59:59 CST", res.stdout)
    assert KEYED, "the catalog has a check with an object key (design: history and acks work per object)"
    res = ack("add", KEYED.lower(), "-n", "pg-main", "--object", "standby_a.10.0.0.9", "--reason", "decommissioning",
              "--by", "bob", "--json")
    assert res.exit_code == 0, res.output
    second = json.loads(res.stdout)
    assert (second["id"], second["code"], second["object"], second["until"], second["status"]) == (
        2, KEYED, "standby_a.10.0.0.9", None, "active")

    listed = json.loads(ack("list", "--json").stdout)
    assert [(a["id"], a["code"], a["instance"], a["by"], a["status"]) for a in listed] == [
        (1, PLAIN, "pg-main", "alice", "active"), (2, KEYED, "pg-main", "bob", "active")]
    assert listed[0]["until"] == "2999-01-31T15:59:59+00:00"  # the end of that day in the settings timezone
    table = ack("list").stdout
    assert PLAIN in table and "alice" in table and "active" in table and "expired" not in table

    res = ack("remove", 1, "--by", "carol")
    assert res.exit_code == 0 and f"ack 1 removed: {PLAIN} on pg-main" in res.stdout
    assert [a["id"] for a in json.loads(ack("list", "--json").stdout)] == [2]
    # the id of a removed ack is never given again (the audit trail names acks by id)
    ack("remove", 2, "--by", "carol")
    res = ack("add", PLAIN, "--instance", "pg-main", "--reason", "again", "--by", "alice", "--json")
    assert json.loads(res.stdout)["id"] == 3

    trail = json.loads(ack("audit", "--json").stdout)
    assert [(e["action"], e["ack_id"], e["by"], e["code"], e["instance"], e["object"], e["reason"]) for e in trail] == [
        ("add", 1, "alice", PLAIN, "pg-main", None, "batch window, ticket OPS-12"),
        ("add", 2, "bob", KEYED, "pg-main", "standby_a.10.0.0.9", "decommissioning"),
        ("remove", 1, "carol", PLAIN, "pg-main", None, "batch window, ticket OPS-12"),
        ("remove", 2, "carol", KEYED, "pg-main", "standby_a.10.0.0.9", "decommissioning"),
        ("add", 3, "alice", PLAIN, "pg-main", None, "again"),
    ]
    assert trail[2]["ack_by"] == "alice" and trail[0]["until"] == "2999-01-31T15:59:59+00:00"
    times = [dt.datetime.fromisoformat(e["at"]) for e in trail]
    assert times == sorted(times) and all(abs(dt.datetime.now(UTC) - t) < dt.timedelta(minutes=5) for t in times)
    assert "remove" in ack("audit").stdout


GOOD = ["--instance", "pg-main", "--reason", "known", "--by", "alice"]


@pytest.mark.parametrize("args,expected", [
    (["ZZZ123", *GOOD], "unknown check code 'ZZZ123'"),
    (["RUN901", *GOOD], "unknown check code 'RUN901'"),  # a sample code is no check
    ([PLAIN, *GOOD, "--object", "x"], f"check {PLAIN} has no per-object findings"),
    ([PLAIN, "--instance", "nope", "--reason", "known"], "unknown instance 'nope'"),
    ([PLAIN, *GOOD, "--until", "2020-01-01"], "is in the past"),
    ([PLAIN, *GOOD, "--until", "next friday"], "--until 'next friday': expected a date"),
    ([PLAIN, "--instance", "pg-main", "--reason", "  "], "--reason must say why"),
    ([PLAIN, "--instance", "pg-main", "--reason", "known", "--by", " "], "--by must name someone"),
    ([PLAIN, "--instance", "pg-main"], "Missing option '--reason'"),
])
def test_cli_refuses_bad_input_and_changes_nothing(home, args, expected):
    res = ack("add", *args)
    assert res.exit_code == 2, res.output
    assert expected in res.output and "Traceback" not in res.output
    assert store(home).acks.list() == [] and store(home).acks.audit() == []


def test_cli_refuses_a_second_active_ack_and_an_unknown_id(home):
    assert ack("add", PLAIN, "-n", "pg-main", "--reason", "r", "--by", "a").exit_code == 0
    res = ack("add", PLAIN, "-n", "pg-main", "--reason", "r2", "--by", "a")
    assert res.exit_code == 2 and "already acknowledged by ack 1" in res.output
    assert ack("add", PLAIN, "-n", "pg-other", "--reason", "r", "--by", "a").exit_code == 0  # another instance
    res = ack("remove", 99)
    assert res.exit_code == 2 and "no acknowledgement 99" in res.output
    assert len(store(home).acks.audit()) == 2


def test_an_expired_ack_is_listed_expired_and_no_longer_applies(home):
    acks = store(home).acks
    t0 = dt.datetime(2025, 3, 1, tzinfo=UTC)
    acks.add("pg-main", "RUN901", "resize pending", by="alice", until=t0 + dt.timedelta(days=1), now=t0)
    listed = json.loads(ack("list", "--json").stdout)
    assert listed[0]["status"] == "expired"
    assert "expired" in ack("list").stdout
    assert acks.active() == []
    # an expired ack no longer blocks a new one for the same finding
    acks.add("pg-main", "RUN901", "resize pending, again", by="alice", now=t0 + dt.timedelta(days=2))
    with pytest.raises(AckExists):
        acks.add("pg-main", "RUN901", "a third", by="alice", now=t0 + dt.timedelta(days=3))


# ---------------------------------------------------------------------------- applying acks

def _acked_store(home) -> AckStore:
    """Acks as a DBA would set them for the sample result (generated 2025-03-03 01:02:03 UTC)."""
    acks = store(home).acks
    t0 = dt.datetime(2025, 3, 1, tzinfo=UTC)
    until = dt.datetime(2025, 3, 10, tzinfo=UTC)
    acks.add("pg-main", "RUN901", "pool resize on Friday", by="alice", until=until, now=t0)
    acks.add("pg-main", "SEC901", "vendor account, ticket SEC-7", by="bob", object="app.obj_0", now=t0)
    acks.add("pg-main", "SEC901", "vendor account, ticket SEC-8", by="bob", object="app.obj_1", until=until, now=t0)
    for n in range(3):  # every object of OBJ901: the finding itself is acknowledged
        acks.add("pg-main", "OBJ901", "archive volume, expanding", by="carol", object=f"app.obj_{n}",
                 until=until - dt.timedelta(days=n), now=t0)
    acks.add("pg-main", "BAK901", "expired before the inspection", by="dave", until=t0 + dt.timedelta(days=1), now=t0)
    acks.add("pg-other", "PRF901", "another instance", by="erin", now=t0)
    acks.add("pg-main", "RUN902", "an OK finding stays unmarked", by="erin", now=t0)
    return acks


def test_publish_applies_active_acks_before_rendering(home, tmp_path):
    from flows.publish import publish

    _acked_store(home)
    result = sample.two_instance_result()
    saved = publish(result, formats=["json", "html", "csv", "xlsx", "pdf"], lang="en", out_dir=tmp_path / "out",
                    settings=Settings(home=home, timezone=TZ))
    doc = json.loads(open(saved["files"]["json"], encoding="utf-8").read())
    pg = {f["code"]: f for f in doc["instances"][0]["findings"]}
    run = pg["RUN901"]
    assert run["outcome"] == "CRITICAL", "an acknowledged finding keeps its outcome"
    assert {k: run["acknowledged"][k] for k in ("reason", "by", "until")} == {
        "reason": "pool resize on Friday", "by": "alice", "until": "2025-03-10T00:00:00Z".replace("Z", "+00:00")}
    sec = pg["SEC901"]
    assert sec["acknowledged"] is None, "one of its three objects is not acknowledged"
    assert [(o["key"], (o["acknowledged"] or {}).get("reason")) for o in sec["objects"]] == [
        ("app.obj_0", "vendor account, ticket SEC-7"), ("app.obj_1", "vendor account, ticket SEC-8"), ("app.obj_2", None)]
    obj = pg["OBJ901"]["acknowledged"]
    assert obj["reason"] == "archive volume, expanding" and obj["by"] == "carol"
    assert obj["until"] == "2025-03-08T00:00:00+00:00", "the whole finding is muted only as long as its first object"
    assert pg["BAK901"]["acknowledged"] is None, "expired before the inspection"
    assert pg["RUN902"]["acknowledged"] is None and pg["PRF901"]["acknowledged"] is None
    # the stored results (re-rendered later) carry the marks too
    stored = store(home).load_result(saved["report_id"])
    assert stored.instances[0].findings[0].acknowledged.reason == "pool resize on Friday"
    # every format shows them
    html = open(saved["files"]["html"], encoding="utf-8").read()
    assert html.count('<span class="badge ack">acknowledged</span>') == 2  # RUN901, OBJ901 finding heads
    assert "Acknowledged by alice until 2025-03-10 08:00:00 CST: pool resize on Friday" in html
    assert "2 of 3 objects acknowledged" in html
    import pandas as pd

    for frame in (pd.read_csv(saved["files"]["csv"], encoding="utf-8-sig", keep_default_na=False),
                  pd.read_excel(saved["files"]["xlsx"], sheet_name="findings", keep_default_na=False)):
        rows = frame.set_index("code")
        assert bool(rows.loc["RUN901", "acknowledged"]) and rows.loc["RUN901", "ack_reason"] == "pool resize on Friday"
        assert rows.loc["RUN901", "ack_by"] == "alice" and rows.loc["RUN901", "ack_until"].startswith("2025-03-10")
        assert not bool(rows.loc["SEC901", "acknowledged"])
        assert rows.loc["SEC901", "objects_acknowledged"] == "app.obj_0; app.obj_1"
        assert bool(rows.loc["OBJ901", "acknowledged"]) and not bool(rows.loc["BAK901", "acknowledged"])
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    pdf = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(saved["files"]["pdf"]), "-"], check=True,
                                            capture_output=True, text=True).stdout)
    assert "Acknowledgedbyaliceuntil2025-03-1008:00:00CST:poolresizeonFriday" in pdf
    md = reports.summary_markdown(result, tz=TZ)
    assert re.search(r"\| pg\\-main \| Critical ✓ acknowledged \| RUN901 \|", md)
    assert re.search(r"\| pg\\-main \| Critical \| SEC901 \|", md)
    assert "2 of them acknowledged (no score)" in md and "- Acknowledged (no score): 2" in md
    zh = reports.summary_markdown(result, "zh-CN", tz=TZ)
    assert "严重 ✓ 已确认" in zh and "其中 2 项已确认（不扣分）" in zh
    zh_html = reports.to_html(result, "zh-CN", tz=TZ)
    assert "已由 alice 确认，有效期至 2025-03-10 08:00:00 CST：pool resize on Friday" in zh_html
    assert "已由 bob 确认，无到期时间：vendor account, ticket SEC-7" in zh_html
    table = reports.findings_table(result)
    assert next(r for r in table if r["code"] == "RUN901")["acknowledged"].startswith("Acknowledged by alice")


def test_acknowledged_findings_cost_no_score_and_are_live_again_after_until(home):
    acks = _acked_store(home)
    plain = sample.two_instance_result()
    base = score.score_instance(plain.instances[0])

    result = sample.two_instance_result()
    assert apply_acks(result, acks.list()) == 2 + 3 + 1 + 1  # RUN901, SEC901 ×2 objects, OBJ901 ×3 + itself
    s = score.score_instance(result.instances[0])
    # RUN901 (critical, running 1.0) and OBJ901 (warning, objects 0.8) deduct nothing now; SEC901
    # still deducts as critical: its third object is not acknowledged
    assert s.score == pytest.approx(base.score + 10 * 1.0 + 3 * 0.8)
    assert sum(d.points for d in s.deductions) == pytest.approx(100 - s.score)
    line = next(d for d in s.deductions if d.reason_key == "deduct_acknowledged")
    assert line.points == 0 and line.explain("en") == "2 acknowledged finding(s) cost no points: RUN901, OBJ901"
    assert line.explain("zh-CN") == "2 项已确认的问题不扣分：RUN901, OBJ901"
    sec = next(d for d in s.deductions if d.code == "SEC901")
    assert sec.points == pytest.approx(12) and sec.explain("en").endswith("(2 of 3 objects acknowledged)")
    html = reports.to_html(result, "en", tz=TZ)
    assert '<td class="n">0</td><td>2 acknowledged finding(s) cost no points: RUN901, OBJ901</td>' in html

    # partly acknowledged down to a WARNING: deducts as a warning
    part = sample.two_instance_result(outcomes={"SEC901": Outcome.CRITICAL})
    next(f for f in part.instances[0].findings if f.code == "SEC901").objects[2].outcome = Outcome.WARNING
    apply_acks(part, acks.list())
    sec = next(d for d in score.score_instance(part.instances[0]).deductions if d.code == "SEC901")
    assert (sec.outcome, sec.points) == ("WARNING", pytest.approx(3 * 1.2))

    # after `until` the same acks no longer apply: the finding is live again and costs its points
    later = sample.two_instance_result(generated_at=dt.datetime(2025, 3, 11, tzinfo=UTC))
    apply_acks(later, acks.list())
    pg = {f.code: f for f in later.instances[0].findings}
    assert pg["RUN901"].acknowledged is None and pg["OBJ901"].acknowledged is None
    assert [o.key for o in pg["SEC901"].objects if o.acknowledged] == ["app.obj_0"]  # no expiry
    assert score.score_instance(later.instances[0]).score == pytest.approx(base.score)
    # between the first and the last object's expiry the finding is not muted whole any more
    mid = sample.two_instance_result(generated_at=dt.datetime(2025, 3, 9, tzinfo=UTC))
    apply_acks(mid, acks.list())
    assert {f.code: f for f in mid.instances[0].findings}["OBJ901"].acknowledged is None


def test_ack_of_an_error_and_history_marks(home):
    """An ERROR (a check that keeps failing for a known reason) can be acknowledged too; the
    history table marks acknowledged entries."""
    acks = store(home).acks
    t0 = dt.datetime(2025, 3, 1, tzinfo=UTC)
    acks.add("pg-main", "ERR902", "view needs a patch", by="alice", now=t0)
    acks.add("pg-main", "RUN901", "pool resize", by="alice", now=t0)
    result = sample.two_instance_result()
    apply_acks(result, acks.list())
    pg = {f.code: f for f in result.instances[0].findings}
    assert pg["ERR902"].acknowledged.reason == "view needs a patch"
    assert not [d for d in score.score_instance(result.instances[0]).deductions if d.code == "ERR902"]
    prev = sample.two_instance_result("prev0001", outcomes={"RUN901": Outcome.WARNING})
    from reports import history

    d = history.diff(result, prev)
    assert [(c.code, c.acknowledged.reason if c.acknowledged else None) for c in d.persisting] == [("RUN901", "pool resize")]
    html = reports.to_html(result, "en", previous=prev, tz=TZ)
    carried = html[html.index("Carried-over problems"):html.index("Resolved problems")]
    assert 'class="badge ack"' in carried


def test_ack_cli_is_mounted_and_documented():
    res = runner.invoke(app, ["ack", "--help"])
    assert res.exit_code == 0
    for cmd in ("add", "list", "remove", "audit"):
        assert cmd in res.stdout


# ---------------------------------------------------------------------------- database-scope checks

DB_SCOPED = next(c.code for c in REG if c.spec.object_key and c.spec.scope_of("postgresql") == "database")
INSTANCE_SCOPED = next(c.code for c in REG if c.spec.object_key and c.spec.scope_of("postgresql") == "instance"
                       and "postgresql" in c.spec.engines)


def _per_database_result():
    """pg-main with one finding of a per-object sample check in each of two databases, the same
    object at fault in both (a bank's public.account in appdb and otherdb)."""
    from dbpatrol.results import ObjectFinding

    result = sample.two_instance_result()
    inst = result.instances[0]
    base = next(f for f in inst.findings if f.code == "OBJ902")
    inst.findings = [f for f in inst.findings if f.code != "OBJ902"]
    for db in ("appdb", "otherdb"):
        f = base.model_copy(deep=True, update={"database": db, "outcome": Outcome.WARNING,
                                                "objects": [ObjectFinding(key="public.t", outcome=Outcome.WARNING),
                                                            ObjectFinding(key="public.u", outcome=Outcome.WARNING)]})
        inst.findings.append(f)
    return result, {f.database: f for f in inst.findings if f.code == "OBJ902"}


def test_an_ack_in_one_database_does_not_mute_the_same_object_in_another(home):
    acks = store(home).acks
    t0 = dt.datetime(2025, 3, 1, tzinfo=UTC)
    acks.add("pg-main", "OBJ902", "appdb's t is archived", by="alice", object="public.t", database="appdb", now=t0)
    result, by_db = _per_database_result()
    assert apply_acks(result, acks.list()) == 1
    assert [(o.key, o.acknowledged.database if o.acknowledged else None) for o in by_db["appdb"].objects] == [
        ("public.t", "appdb"), ("public.u", None)]
    assert all(o.acknowledged is None for o in by_db["otherdb"].objects), "otherdb's public.t is still live"

    # the same object may be acknowledged in another database too; a second one in appdb is refused
    acks.add("pg-main", "OBJ902", "otherdb's too", by="bob", object="public.t", database="otherdb", now=t0)
    with pytest.raises(AckExists, match="in database appdb object public.t"):
        acks.add("pg-main", "OBJ902", "again", by="bob", object="public.t", database="appdb", now=t0)
    # a whole-check ack for one database mutes that database's finding only
    acks.add("pg-main", "OBJ902", "appdb is being retired", by="carol", database="appdb", now=t0)
    result, by_db = _per_database_result()
    apply_acks(result, acks.list())
    assert by_db["appdb"].acknowledged.reason == "appdb is being retired"
    assert by_db["otherdb"].acknowledged is None
    assert [o.key for o in by_db["otherdb"].objects if o.acknowledged] == ["public.t"]
    s = score.score_instance(result.instances[0])
    assert [d.code for d in s.deductions if d.code == "OBJ902"] == ["OBJ902"], "otherdb's finding still costs points"
    assert [(e.action, e.database) for e in acks.audit()] == [("add", "appdb"), ("add", "otherdb"), ("add", "appdb")]


def test_an_ack_without_a_database_applies_in_every_database_and_legacy_keys_in_theirs(home):
    acks = store(home).acks
    t0 = dt.datetime(2025, 3, 1, tzinfo=UTC)
    acks.add("pg-main", "OBJ902", "everywhere", by="alice", object="public.t", now=t0)
    # SEC025/026/029 keyed objects as <database>.<key> before acks named a database: such an ack
    # keeps applying in the database its object names, and only there
    acks.add("pg-main", "OBJ902", "legacy key", by="alice", object="appdb.public.u", now=t0)
    result, by_db = _per_database_result()
    apply_acks(result, acks.list())
    assert [(o.key, o.acknowledged.reason) for o in by_db["appdb"].objects] == [
        ("public.t", "everywhere"), ("public.u", "legacy key")]
    assert [(o.key, o.acknowledged.reason if o.acknowledged else None) for o in by_db["otherdb"].objects] == [
        ("public.t", "everywhere"), ("public.u", None)]
    assert by_db["appdb"].acknowledged is not None and by_db["otherdb"].acknowledged is None


def test_cli_database_option(home):
    res = ack("add", DB_SCOPED, "-n", "pg-main", "--database", "appdb", "--object", "public.t",
              "--reason", "known", "--by", "alice", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["database"] == "appdb"
    res = ack("add", DB_SCOPED, "-n", "pg-main", "-d", "appdb", "--object", "public.t", "--reason", "dup", "--by", "a")
    assert res.exit_code == 2 and "already acknowledged by ack 1" in res.output
    res = ack("add", DB_SCOPED, "-n", "pg-main", "-d", "otherdb", "--object", "public.t", "--reason", "k", "--by", "a")
    assert res.exit_code == 0 and f"{DB_SCOPED} on pg-main, database otherdb, object public.t" in res.stdout
    res = ack("add", INSTANCE_SCOPED, "-n", "pg-main", "-d", "appdb", "--reason", "k", "--by", "a")
    assert res.exit_code == 2 and f"check {INSTANCE_SCOPED} runs once per instance on postgresql" in res.output
    listed = json.loads(ack("list", "--json").stdout)
    assert [(a["id"], a["database"], a["object"]) for a in listed] == [(1, "appdb", "public.t"), (2, "otherdb", "public.t")]
    assert "appdb" in ack("list").stdout and "otherdb" in ack("audit").stdout
    assert "database otherdb" in ack("remove", 2, "--by", "carol").stdout


def test_a_store_made_before_acks_named_a_database_gets_the_column(home, tmp_path):
    """A store created by an earlier dbpatrol (no database column) is upgraded in place; its acks
    keep applying in every database."""
    from dbpatrol import store_db

    path = tmp_path / "old.db"
    old = sa.create_engine(f"sqlite:///{path}")
    with old.begin() as c:
        c.exec_driver_sql("CREATE TABLE dbpatrol_acknowledgements (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                          "instance VARCHAR(200) NOT NULL, code VARCHAR(16) NOT NULL, object VARCHAR(400), "
                          "reason TEXT NOT NULL, by VARCHAR(200) NOT NULL, until DATETIME, created_at DATETIME NOT NULL)")
        c.exec_driver_sql("CREATE TABLE dbpatrol_ack_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME NOT NULL, "
                          "action VARCHAR(16) NOT NULL, ack_id INTEGER NOT NULL, by VARCHAR(200) NOT NULL, "
                          "instance VARCHAR(200) NOT NULL, code VARCHAR(16) NOT NULL, object VARCHAR(400), "
                          "reason TEXT NOT NULL, ack_by VARCHAR(200) NOT NULL, until DATETIME)")
        c.exec_driver_sql("INSERT INTO dbpatrol_acknowledgements (instance, code, object, reason, by, created_at) "
                          "VALUES ('pg-main', 'OBJ902', 'public.t', 'old ack', 'alice', '2025-03-01 00:00:00')")
    old.dispose()
    acks = AckStore(store_db.get_engine(f"sqlite:///{path}"))
    (legacy,) = acks.list()
    assert (legacy.object, legacy.database) == ("public.t", None)
    result, by_db = _per_database_result()
    apply_acks(result, acks.list())
    assert {db: f.objects[0].acknowledged.reason for db, f in by_db.items()} == {"appdb": "old ack", "otherdb": "old ack"}
    acks.add("pg-main", "OBJ902", "new", by="bob", object="public.u", database="otherdb",
             now=dt.datetime(2025, 3, 1, tzinfo=UTC))
    assert [a.database for a in acks.list()] == [None, "otherdb"]
