"""The CLI's input handling: bad input gets one clear message and exit 2, and creates nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from dbpatrol.cli import app

runner = CliRunner()
GOOD = textwrap.dedent("""
    businesses:
      - name: core
        hosts:
          - name: h1
            address: 127.0.0.1
            instances:
              - {name: pg1, engine: postgresql, port: 5432, database: test, user: postgres}
""")


@pytest.fixture
def inv(tmp_path):
    p = tmp_path / "inv.yaml"
    p.write_text(GOOD, encoding="utf-8")
    return p


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


@pytest.mark.parametrize("content,expected", [
    ("businesses: [", "not valid YAML"),
    ("businesses: []", "businesses: List should have at least 1 item"),
    ("hosts: []", "businesses: Field required"),
    (GOOD.replace("port: 5432", "port: 99999"), "businesses[0](core).hosts[0](h1).instances[0](pg1).port"),
    (GOOD.replace("user: postgres}", "user: postgres, password: hunter2}"), "passwords are never written in the inventory"),
    (GOOD.replace("engine: postgresql", "engine: db2"), "engine: Input should be"),
    (GOOD.replace("user: postgres}", "user: postgres, pasword: {env: X}}"), "pasword: Extra inputs are not permitted"),
    (GOOD + "          - {name: pg1, engine: mysql, port: 3306, user: r}\n",
     "instance name 'pg1' is used twice"),
    (GOOD.replace("user: postgres}", "user: postgres, thresholds: {RUN001: {nope: {warning: 1}}}}"),
     "check RUN001 has no threshold 'nope'"),
])
def test_bad_inventory_files(tmp_path, content, expected):
    p = tmp_path / "bad.yaml"
    p.write_text(content, encoding="utf-8")
    res = run("inspect", "--inventory", p, "--out", tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert expected in res.output
    assert str(p) in res.output  # the message names the file
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args,expected", [
    (["--tier", "hourly"], "--tier 'hourly'"),
    (["--instance", "nope"], "unknown instance 'nope'"),
    (["--business", "nope"], "unknown business 'nope'"),
    (["--host", "nope"], "unknown host 'nope'"),
    (["--from", "2020-01-02T00:00:00Z", "--to", "2020-01-01T00:00:00Z"], "at or after its end"),
    (["--from", "2020-01-01T00:00:00Z", "--to", "2999-01-01T00:00:00Z"], "ends in the future"),
    (["--from", "yesterday"], "not an ISO 8601"),
    (["--from", "0001-01-01T00:00:00+08:00"], "out of range"),
    (["--last", "1000000w"], "at most"),
    (["--last", "1" + "0" * 400 + "d"], "at most"),
    (["--from", "2020-01-01T00:00:00"], "give a timezone offset"),
    (["--last", "3 days"], "expected a number and a unit"),
    (["--last", "0d"], "longer than zero"),
    (["--last", "3d", "--from", "2020-01-01T00:00:00Z"], "either --last or --from"),
    (["--to", "2020-01-01T00:00:00Z"], "--to needs --from"),
    (["--format", "pdf,docx"], "--format"),
    (["--lang", "fr"], "--lang"),
    (["--threshold", "RUN001.used_pct=abc"], "is not a number"),
    (["--threshold", "RUN001=1"], "expected CODE.NAME=VALUE"),
    (["--threshold", "ZZZ999.x=1"], "unknown check code 'ZZZ999'"),
    (["--threshold", "RUN001.nope=1"], "has no threshold 'nope'"),
    # issue 14 item 9: values that would silently switch a level off
    (["--threshold", "RUN001.used_pct=nan/90"], "not a finite number"),
    (["--threshold", "RUN001.used_pct=80/inf"], "not a finite number"),
    (["--threshold", "RUN001.used_pct=-5/90"], "is negative"),
    (["--threshold", "RUN001.used_pct=95/90"], "warning 95 must fire before critical 90"),
    (["--threshold", "RUN001.used_pct.warning=99"], "must fire before critical"),  # past the default critical
    (["--threshold", "ERR003.min_xacts=-1"], "is negative"),
    (["--from", "2020-01-01T00:00:00Z", "--to", "2020-01-01T00:00:30Z"], "shorter than a minute"),
    (["--last", "0.0000001d"], "shorter than a minute"),
    (["--fail-on", "sometimes"], "--fail-on 'sometimes'"),
])
def test_bad_inspect_input(inv, tmp_path, args, expected):
    res = run("inspect", "--inventory", inv, "--out", tmp_path / "out", *args)
    assert res.exit_code == 2, res.output
    assert expected in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_a_window_ending_seconds_from_now_is_refused(inv, tmp_path):
    """An immediate window ends at or before now, not within a minute's tolerance of it."""
    import datetime as dt

    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30)).isoformat()
    res = run("inspect", "--inventory", inv, "--out", tmp_path / "out", "--from", "2020-01-01T00:00:00Z", "--to", soon)
    assert res.exit_code == 2, res.output
    assert "ends in the future" in res.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["demo", "--lang", "fr"], ["checks", "list", "--lang", "fr"]])
def test_bad_lang_exits_2_before_doing_anything(args, monkeypatch):
    import dbpatrol.demo

    monkeypatch.setattr(dbpatrol.demo, "run_demo", lambda *a, **k: pytest.fail("the demo started"))
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert "--lang 'fr'" in res.output and "Traceback" not in res.output


def test_missing_inventory_file(tmp_path):
    res = run("inspect", "--inventory", tmp_path / "nope.yaml")
    assert res.exit_code == 2 and "cannot read inventory" in res.output


def test_checks_list_json_filters_by_engine_and_tier():
    res = run("checks", "list", "--json", "--engine", "postgresql", "--tier", "daily")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and all("postgresql" in r["engines"] and r["tier"] == "daily" for r in rows)
    assert all(r["privilege"]["postgresql"] for r in rows)
    res = run("checks", "list", "--engine", "db2")
    assert res.exit_code == 2


def test_console_script_is_installed():
    out = subprocess.run([sys.executable, "-m", "dbpatrol.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "inspect" in out.stdout


def test_out_that_is_a_file_or_unwritable_exits_2_before_inspecting(inv, tmp_path):
    """Issue 14 item 8: found before the run, not after it (nothing is inspected, stored or created)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    res = run("inspect", "--inventory", inv, "--out", a_file)
    assert res.exit_code == 2 and "exists and is not a directory" in res.output, res.output
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        import os

        if os.access(locked, os.W_OK):  # root writes anywhere: a file in the way is the honest case left
            res = run("inspect", "--inventory", inv, "--out", a_file / "sub")
            assert res.exit_code == 2 and "cannot be created" in res.output, res.output
        else:
            res = run("inspect", "--inventory", inv, "--out", locked / "sub")
            assert res.exit_code == 2 and "cannot be created" in res.output, res.output
    finally:
        locked.chmod(0o700)
    res = run("reports", "export", "nope", "--output", a_file / "x.pdf")
    assert res.exit_code == 2 and "is not a directory" in " ".join(res.output.split()), res.output
    # issue 14 item 17: `--out ./reports` in a checkout wrote into dbpatrol's own reports package
    from pathlib import Path as _P

    package = _P(__file__).resolve().parent.parent / "reports"
    before = sorted(p.name for p in package.iterdir())
    res = run("inspect", "--inventory", inv, "--out", package)
    assert res.exit_code == 2 and "is a Python package" in " ".join(res.output.split()), res.output
    assert sorted(p.name for p in package.iterdir()) == before


def test_fail_on_levels():
    from dbpatrol.cli import reached

    clean = {"unreachable": [], "counts": {"CRITICAL": 0, "WARNING": 0}, "live_counts": {"CRITICAL": 0, "WARNING": 0}}
    warn = {**clean, "live_counts": {"CRITICAL": 0, "WARNING": 2}}
    crit = {**clean, "live_counts": {"CRITICAL": 1, "WARNING": 0}}
    acked = {**clean, "counts": {"CRITICAL": 1, "WARNING": 0}}  # the only critical is acknowledged
    down = {**clean, "unreachable": ["pg1"]}
    assert [reached(s, "warning") for s in (clean, warn, crit, acked, down)] == [False, True, True, False, True]
    assert [reached(s, "critical") for s in (clean, warn, crit, acked, down)] == [False, False, True, False, True]
    assert [reached(s, "unreachable") for s in (clean, warn, crit, acked, down)] == [False, False, False, False, True]


def test_server_port_is_the_port_the_ui_calls():
    # Issue 14 item 14: `dbpatrol server --port P` served a UI that called the API on 4200 (Prefect
    # takes the UI's API address from PREFECT_API_URL, else from its own host/port settings, never
    # from `--port`). What the server process resolves, with a user's PREFECT_API_URL at :4200:
    from deployments.stack import server_env

    base = {"PATH": "/usr/bin:/bin", "PREFECT_API_URL": "http://127.0.0.1:4200/api", "HOME": "/tmp"}
    env = server_env(base=base, host="127.0.0.1", port=4377)
    code = "from prefect.settings import get_current_settings as g; print(g().server.ui.api_url)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.strip() == "http://127.0.0.1:4377/api"


def test_names_in_any_script_go_in_display_name(tmp_path):
    # Issue 14 item 17: 核心银行 as a name was refused with a raw regular expression.
    from dbpatrol.errors import UserError
    from dbpatrol.inventory import load_inventory

    def inv(business: str, extra: str = "") -> Path:
        p = tmp_path / "inv.yaml"
        p.write_text(textwrap.dedent(f"""
            businesses:
              - name: {business}
                {extra}
                hosts:
                  - name: h
                    address: 127.0.0.1
                    instances:
                      - {{name: pg, display_name: 核心库主节点, engine: postgresql, port: 5432, user: postgres}}
        """), encoding="utf-8")
        return p

    with pytest.raises(UserError) as exc:
        load_inventory(inv("核心银行"))
    assert "display_name" in str(exc.value) and "^[" not in str(exc.value), str(exc.value)
    t = load_inventory(inv("core-banking", "display_name: 核心银行")).targets[0]
    assert (t.business, t.business_display, t.instance.display_name) == ("core-banking", "核心银行", "核心库主节点")
    with pytest.raises(UserError):
        load_inventory(inv("core-banking", 'display_name: "bad\\u0007bell"'))


def test_display_names_reach_the_report():
    import reports
    from reports import sample

    r = sample.two_instance_result()
    r.instances[0].display_name, r.instances[0].business_display = "核心库主节点", "核心银行"
    html = reports.to_html(r, "zh-CN", tz="UTC")
    assert "pg-main · 核心库主节点" in html and "(核心银行)" in html
