"""PRF010 on the shared performance cluster: the scratch database idles through one period and commits 300
transactions in the next; rated on the second window, its rate is compared with the period of the same length
before it (from the same store) and the shift is a WARNING naming the database; without a store the figures are
averages since the counters started, and say so."""

from __future__ import annotations

import datetime as dt
import time

from checks.performance.conftest import utcnow
from dbpatrol.results import Outcome

CODE = "PRF010"
# the snapshots here are seconds apart: the 1-hour covered-time guard (min_covered_h) is lowered to 0
NO_MIN = {"min_covered_h": {"value": 0}}
DB = "dbp_prf"
S = dt.timedelta(milliseconds=1)


def test_rates_of_the_window_against_the_period_before(perf):
    with perf.session() as s:
        t0 = perf.sample(s, CODE)
        time.sleep(0.2)  # a measurable idle period before (days_since has 0.09 s steps)
        t1 = perf.sample(s, CODE)
        perf.work("SELECT 1", times=300)  # 300 commits (each statement its own transaction)
        time.sleep(max(0.0, 0.3 - (utcnow() - t1).total_seconds()))  # the window is longer than the idle period
        t2 = perf.sample(s, CODE)
        win = (t1 - S, t2 + S)  # the period of the same length before it holds t0 → t1

        f = perf.run(s, CODE, win, NO_MIN, name=CODE)
        r = next(x for x in f.evidence if x["scope"] == DB)
        assert f.basis == "window" and f.outcome is Outcome.WARNING, f.message.en
        assert DB in [o.key for o in f.objects], f.objects  # (postgres may shift too: the samples' own sessions)
        assert 300 <= r["xact_commit"] <= 305 and r["xact_rollback"] == 0, r  # + the flush and the session start
        assert r["prev_xact_commit"] == 0 and r["prev_tps"] == 0 and r["tps"] > 1, r
        assert f"the workload of {DB} shifted in the window" in f.message.en and "窗口内" in f.message.zh

        since = perf.run(s, CODE, win, NO_MIN, name=CODE, store=False)
        assert since.basis == "cumulative" and since.outcome is Outcome.OK, since.message.en
        assert "not over the window: no snapshots cover it" in since.message.en
