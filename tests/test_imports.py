"""Pay only for what is used (issue 13 item 2): the CLI's help and catalog commands never import
Prefect or the PDF engine; an inspection imports the PDF engine only when it writes a PDF.

Each case runs in a fresh interpreter and reads its ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("prefect", "weasyprint", "pandas", "openpyxl", "fastapi", "uvicorn")

CLI = """
import contextlib, io, json, sys
sys.argv = ["dbpatrol", *json.loads(sys.argv[1])]
out = io.StringIO()
code = 0
try:
    with contextlib.redirect_stdout(out):
        from dbpatrol.cli import main
        main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "out": out.getvalue()[-500:], "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _loaded(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: the next interpreter reuses the bytecode
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ["--help"],
    ["checks", "list", "--engine", "mariadb"],
    ["checks", "grants", "--engine", "postgresql"],
    ["inspect", "--tier", "hourly"],  # bad input is refused before any flow machinery is loaded
])
def test_cli_commands_that_run_no_flow_import_neither_prefect_nor_the_pdf_engine(args):
    seen = _loaded(CLI, json.dumps(args))
    assert seen["code"] in (0, 1, 2), seen
    assert not set(HEAVY) & set(seen["modules"]), sorted(set(HEAVY) & set(seen["modules"]))


RENDER = """
import json, sys, tempfile
import flows.tiers  # what an inspection imports before it writes anything
from reports import render, sample
seen = {"before": sorted({m.split(".")[0] for m in sys.modules})}
render(sample.two_instance_result(), tempfile.mkdtemp(), formats=["json", "html"], lang="en", tz="UTC")
seen["json_html"] = sorted({m.split(".")[0] for m in sys.modules})
render(sample.two_instance_result(), tempfile.mkdtemp(), formats=["pdf"], lang="en", tz="UTC")
seen["pdf"] = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps(seen))
"""


def test_the_pdf_engine_is_imported_only_when_a_pdf_is_written():
    seen = _loaded(RENDER)
    assert "prefect" in seen["before"]
    assert not {"weasyprint", "pandas", "openpyxl"} & set(seen["json_html"])
    assert "weasyprint" in seen["pdf"]
