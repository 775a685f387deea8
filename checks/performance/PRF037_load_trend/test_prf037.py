"""PRF037 on the private mariadbd with a store of the test's own: three snapshots, 2,000 statements between the
first two (the previous period) and 6,000 between the last two (the window, the same length): +200 % or so."""

from __future__ import annotations

import datetime as dt
import time

from checks.config._live import sample
from checks.performance._mycounters.live import connect
from dbpatrol.results import Outcome

CODE = "PRF037"


def statements(server, n):
    conn = connect(server)
    with conn.cursor() as cur:
        for _ in range(n):
            cur.execute("SELECT 1")
    conn.close()


def test_window_load_against_the_previous_period(my_perf_window, tmp_path):
    w = my_perf_window
    url = f"sqlite:///{tmp_path / 'load.db'}"
    target = w.target("PRF040")
    a = sample(target, url, "load")
    statements(w.server, 150)
    b = sample(target, url, "load")
    statements(w.server, 450)
    time.sleep(max(0.0, (b - a).total_seconds() - (dt.datetime.now(dt.timezone.utc) - b).total_seconds()))
    c = sample(target, url, "load")  # the window b..c about as long as the period a..b before it
    few = {"min_questions": {"value": 50}}
    f = w.check(CODE, url=url, name="load", win=(b, c), overrides=few, record="tripled", expect="CRITICAL")
    r = f.evidence[0]
    assert 450 <= r["questions"] <= 550 and 150 <= r["prev_questions"] <= 250, r  # + the sampler's own few
    assert abs(r["qps"] - r["questions"] / r["covered_s"]) < 0.05 * r["qps"]  # covered_s is rounded
    assert f.outcome is Outcome.CRITICAL and "the load grew" in f.message.en and r["qps_growth_pct"] > 100, f.message.en
    steady = w.check(CODE, url=url, name="load", win=(b, c), overrides={**few, "qps_growth_pct": {"warning": 1000, "critical": 2000}})
    assert steady.outcome is Outcome.OK
    alone = w.check(CODE, url=url, name="load", win=(a, b), overrides=few)  # no period before the first
    assert alone.outcome is Outcome.SKIPPED and alone.message.en.startswith("not applicable: a trend needs"), alone.message.en
    nostore = w.check(CODE, url=None, name="load")
    assert nostore.outcome is Outcome.SKIPPED
