"""Several processes saving into a brand-new report store at once (plans firing in the same minute)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_concurrent_first_saves_in_separate_processes(tmp_path):
    script = textwrap.dedent("""
        import sys
        from dbpatrol.settings import load_settings
        from reports.sample import two_instance_result
        from reports.store import ReportStore
        r = two_instance_result(id=sys.argv[1])
        ReportStore(load_settings()).save(r, formats=["json"])
    """)
    env = {**os.environ, "DBPATROL_HOME": str(tmp_path / "home")}
    procs = [subprocess.Popen([sys.executable, "-c", script, f"{i:032x}"], env=env, stderr=subprocess.PIPE, text=True)
             for i in range(1, 7)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), "\n".join(errors)
    from dbpatrol.settings import load_settings
    from reports.store import ReportStore

    stored = ReportStore(load_settings({"DBPATROL_HOME": str(tmp_path / "home")})).list()
    assert len(stored) == 6
