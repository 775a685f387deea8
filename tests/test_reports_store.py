"""The report store: index + files, history across stored runs, atomicity, concurrency, CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbpatrol.results import Outcome
from dbpatrol.settings import Settings
from reports import history, sample
from reports.store import ReportStore

UTC = dt.timezone.utc


def day(n: int) -> dt.datetime:
    return dt.datetime(2025, 3, n, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> ReportStore:
    settings = Settings(home=tmp_path / "home")
    return ReportStore(settings, url=f"sqlite:///{tmp_path / 'home' / 'store.db'}")


def visible_files(root: Path) -> list[Path]:
    """Files a user would see: everything outside the store's private .tmp directory."""
    return [p for p in root.rglob("*") if p.is_file() and ".tmp" not in p.relative_to(root).parts
            and p.name != "store.db" and not p.name.startswith("store.db-")]


def test_save_list_get_filters(store):
    a = store.save(sample.two_instance_result("aaaa0001", generated_at=day(1)), formats=("json", "html"))
    b = store.save(sample.two_instance_result("bbbb0002", generated_at=day(2), plan=None), formats=("json", "csv"))
    other = sample.two_instance_result("cccc0003", generated_at=day(3), plan="other-plan")
    other.instances = other.instances[:1]
    c = store.save(other, formats=("json",))
    assert [r.id for r in store.list()] == ["cccc0003", "bbbb0002", "aaaa0001"]
    assert [r.id for r in store.list(plan="core-weekly")] == ["aaaa0001"]
    assert [r.id for r in store.list(instance="my-replica")] == ["bbbb0002", "aaaa0001"]
    assert [r.id for r in store.list(since=dt.date(2025, 3, 2))] == ["cccc0003", "bbbb0002"]
    assert store.list(instance="nope") == []
    assert store.get("nope") is None and store.get("../../etc/passwd") is None
    assert a.files["html"].is_file() and a.files["html"].is_relative_to(store.root)
    assert json.loads(a.files["json"].read_text())["schema_version"] == 2
    assert b.instances == ["my-replica", "pg-main"] and b.unreachable_count == 1
    assert c.url.endswith("/reports/cccc0003/download/json")
    # the stored results model comes back whole
    assert store.load_result("aaaa0001") == sample.two_instance_result("aaaa0001", generated_at=day(1))


def _weekly(rid: str, when: dt.datetime, outcomes: dict, plan: str | None = "core-weekly"):
    """A weekly run of the sample checks, OBJ902 being a weekly-tier check."""
    r = sample.two_instance_result(rid, generated_at=when, outcomes=outcomes, plan=plan)
    for f in r.instances[0].findings:
        if f.code == "OBJ902":
            f.tier = "weekly"
    return r


def _daily(rid: str, when: dt.datetime, outcomes: dict, plan: str | None = None, unreachable: bool = False):
    """A daily run: the weekly check OBJ902 does not run; an unreachable pg-main lists every check
    SKIPPED for that reason, as the runner does."""
    r = sample.two_instance_result(rid, generated_at=when, outcomes=outcomes, plan=plan)
    r.tier = "daily"
    pg = r.instances[0]
    pg.findings = [f for f in pg.findings if f.code != "OBJ902"]
    if unreachable:
        pg.reachable, pg.cause = False, "timed out after 5.0 s"
        for f in pg.findings:
            f.outcome, f.skip_reason, f.evidence, f.objects = Outcome.SKIPPED, "unreachable", [], []
    return r


def test_history_on_stored_runs(store):
    """Each check is compared with its last result for the same instance in any tier or plan that
    ran it; a report in which the instance was unreachable is passed over; a check the current run
    did not run is not compared at all."""
    W, C, OK, E = Outcome.WARNING, Outcome.CRITICAL, Outcome.OK, Outcome.ERROR
    w1 = _weekly("week0001", day(1), {"RUN901": W, "BAK901": C, "SEC902": C, "OBJ902": C})
    d2 = _daily("day00002", day(2), {"RUN901": C, "BAK901": OK, "SEC902": C}, plan="core-daily")
    d3 = _daily("day00003", day(3), {}, unreachable=True)
    w4 = _weekly("week0004", day(4), {"RUN901": C, "BAK901": W, "SEC902": E, "OBJ902": OK})
    for r in (w1, d2, d3):
        store.save(r, formats=("json",))
    # a daily run after a weekly one: the weekly check it did not run is neither resolved nor unverified
    d = history.diff(d2, store.previous(d2))
    assert store.previous(d2).id == "week0001"
    assert {c.code for c in d.persisting} == {"RUN901", "SEC902"} and [c.code for c in d.resolved] == ["BAK901"]
    assert not [c for c in d.unverified + d.resolved if c.code == "OBJ902"]

    prev = store.previous(w4)
    pg = {f.code: f for f in next(i for i in prev.instances if i.name == "pg-main").findings}
    assert pg["RUN901"].outcome == C, "from day00002 (another plan, another tier); day00003 was unreachable"
    assert pg["OBJ902"].outcome == C, "the weekly check from the last weekly run, not from the daily ones"
    assert prev.id == "day00003"  # named after the newest report it drew on (my-replica's latest state)
    d = history.diff(w4, prev)
    assert [(c.code, c.worsened) for c in d.persisting] == [("RUN901", False)]
    assert [c.code for c in d.new] == ["BAK901"]
    assert {c.code for c in d.resolved} == {"OBJ902"} and {c.object for c in d.resolved} == {"app.obj_0", "app.obj_1", "app.obj_2"}
    assert {c.code for c in d.unverified} == {"SEC902"}  # ERROR now: not re-checked
    stored4 = store.save(w4, formats=("json", "html"))
    html = stored4.files["html"].read_text()
    assert "day00003" in html and "Carried-over problems" in html
    assert store.previous(sample.two_instance_result("first001", generated_at=day(1) - dt.timedelta(days=1))) is None
    # only instances present now are compared, and only their checks
    other = sample.two_instance_result("other001", generated_at=day(5), plan=None)
    other.instances = [sample.instance("pg-other", {"RUN901": C})]
    assert store.previous(other) is None


def test_previous_reads_only_reports_of_a_tier_that_ran_the_check(store, monkeypatch):
    """A weekly check after many daily runs is still compared with the last weekly report: only
    reports of tiers that run the check are read, so the scan limit is not spent on daily ones."""
    import reports.store

    monkeypatch.setattr(reports.store, "PREVIOUS_SCAN", 2)
    store.save(_weekly("week0001", day(1), {"OBJ902": Outcome.CRITICAL}), formats=("json",))
    for n in range(2, 6):
        store.save(_daily(f"day0000{n}", day(n), {}), formats=("json",))
    w = _weekly("week0006", day(6), {"OBJ902": Outcome.CRITICAL})
    d = history.diff(w, store.previous(w))
    assert {c.code for c in d.persisting} == {"OBJ902"} and not d.new


def test_crash_mid_render_leaves_nothing(store, monkeypatch):
    import weasyprint

    store.save(sample.two_instance_result("good0001", generated_at=day(1)), formats=("json",))
    before = sorted(visible_files(store.root))

    def boom(self, *a, **k):
        raise RuntimeError("disk on fire mid-render")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", boom)  # fault injection: the PDF step fails
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(sample.two_instance_result("bad00001", generated_at=day(2)), formats=("json", "html", "pdf"))
    assert [r.id for r in store.list()] == ["good0001"]
    assert store.get("bad00001") is None
    assert sorted(visible_files(store.root)) == before
    assert not list((store.root / ".tmp").iterdir())


def test_killed_process_leaves_nothing_listed(store, tmp_path):
    """A real crash: a process rendering a 100-instance PDF is SIGKILLed mid-render."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from dbpatrol.settings import Settings
        from reports import sample
        from reports.store import ReportStore
        s = ReportStore(Settings(home=Path({str(tmp_path / 'home')!r})), url={store.url!r})
        s.save(sample.fleet_result(100), formats=("json", "html", "pdf"))
        print("finished")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tmp_root = store.root / ".tmp"
    deadline = time.time() + 120
    # wait until the HTML is written (the PDF comes after it), then kill
    while time.time() < deadline and proc.poll() is None:
        if tmp_root.is_dir() and any(p.suffix == ".html" for p in tmp_root.rglob("*.html")):
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"finished before it could be killed: {proc.communicate()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert store.list() == []
    assert visible_files(store.root) == []
    assert store.gc(older_than_s=0) == 1
    assert not list(tmp_root.iterdir())


def test_concurrent_saves_do_not_clobber(store):
    results = [sample.two_instance_result(f"conc{n:04d}", generated_at=day(5)) for n in range(8)]
    errors = []

    def save(r):
        try:
            store.save(r, formats=("json", "html"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(r,)) for r in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    listed = store.list()
    assert sorted(r.id for r in listed) == sorted(r.id for r in results)
    for r in listed:
        assert set(r.files) == {"json", "html"} and all(p.is_file() for p in r.files.values())
        assert json.loads(r.files["json"].read_text())["id"] == r.id


def test_resave_same_id_replaces(store):
    r = sample.two_instance_result("same0001", generated_at=day(1))
    store.save(r, formats=("json", "html"))
    r.instances[0].findings[0].outcome = Outcome.OK
    again = store.save(r, formats=("json",))
    assert [x.id for x in store.list()] == ["same0001"]
    assert set(again.files) == {"json"} and not list(again.dir.glob("*.html"))
    assert store.load_result("same0001").instances[0].findings[0].outcome == Outcome.OK


def test_export_rerenders_without_databases(store, tmp_path):
    store.save(sample.two_instance_result("expo0001", generated_at=day(1)), formats=("json",))
    (tmp_path / "out").mkdir()
    out = store.export("expo0001", "xlsx", "zh-CN", tmp_path / "out")  # a directory: standard name
    assert out.name == "dbpatrol-weekly-20250301-010000-expo0001.xlsx" and out.stat().st_size > 0
    pdf = store.export("expo0001", "pdf", "zh-CN", tmp_path / "r.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(KeyError):
        store.export("missing1", "json")


def test_cli(store, tmp_path, monkeypatch):
    from dbpatrol.cli_reports import app

    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DBPATROL_STORE_URL", store.url)
    monkeypatch.delenv("DBPATROL_REPORT_DIR", raising=False)
    store.save(sample.two_instance_result("clia0001", generated_at=day(1)), formats=("json", "pdf"))
    store.save(sample.two_instance_result("clib0002", generated_at=day(2), plan="p2"), formats=("json",))
    runner = CliRunner()
    res = runner.invoke(app, ["list", "--json", "--plan", "p2"])
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in json.loads(res.stdout)] == ["clib0002"]
    res = runner.invoke(app, ["list", "--json", "--instance", "pg-main", "--since", "2025-03-01"])
    assert [r["id"] for r in json.loads(res.stdout)] == ["clib0002", "clia0001"]
    res = runner.invoke(app, ["list"])
    assert res.exit_code == 0 and "clia0001" in res.stdout
    res = runner.invoke(app, ["show", "clib"])
    assert res.exit_code == 0 and "Carried-over problems" in res.stdout and "pg-main" in res.stdout
    res = runner.invoke(app, ["show", "clib0002", "--json"])
    assert json.loads(res.stdout)["id"] == "clib0002"
    target = tmp_path / "exp.csv"
    res = runner.invoke(app, ["export", "clia0001", "--format", "csv", "--lang", "zh-CN", "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert "存在多余的超级用户" in target.read_text(encoding="utf-8-sig")
    for bad in (["show", "nope0000"], ["export", "clia0001", "--format", "docx"],
                ["export", "clia0001", "--lang", "fr"], ["list", "--since", "yesterday"]):
        res = runner.invoke(app, bad)
        assert res.exit_code == 2, (bad, res.output)
