"""PRF012 on the shared performance cluster (checks/performance/conftest.py): ten manual CHECKPOINTs between two
snapshots are ten requested checkpoints inside that window (requested share 100 % → WARNING); a window with no
checkpoint is not rated (SKIPPED, not OK); the cumulative fallback without a store says it is since the reset."""

from __future__ import annotations

import datetime as dt

from dbpatrol.results import Outcome

CODE = "PRF012"
# the snapshots here are seconds apart: the 1-hour covered-time guard (min_covered_h) is lowered to 0
NO_MIN = {"min_covered_h": {"value": 0}}
S = dt.timedelta(milliseconds=1)


def test_requested_checkpoints_inside_the_window(perf):
    with perf.session() as s:
        t0 = perf.sample(s, CODE)
        t1 = perf.sample(s, CODE)
        before = s.run("SELECT checkpoints_req FROM pg_stat_bgwriter", {})[0]["checkpoints_req"]
        with perf.conn("postgres") as c:
            for _ in range(10):
                c.execute("CHECKPOINT")
        t2 = perf.sample(s, CODE)

        quiet = perf.run(s, CODE, (t0 - S, t1 + S), NO_MIN, name=CODE)
        assert quiet.basis == "window" and quiet.outcome is Outcome.SKIPPED, quiet.message.en
        assert quiet.message.en.startswith("not applicable: no checkpoint in the snapshots"), quiet.message.en

        f = perf.run(s, CODE, (t1 - S, t2 + S), NO_MIN, name=CODE)
        row = f.evidence[0]
        assert f.basis == "window" and (row["checkpoints_req"], row["checkpoints_timed"]) == (10, 0), row
        assert row["requested_pct"] == 100.0 and f.outcome is Outcome.WARNING, f.message.en
        assert "100% of 10 checkpoints in the window were requested" in f.message.en and "窗口内" in f.message.zh

        since_reset = perf.run(s, CODE, (t1 - S, t2 + S), NO_MIN, name=CODE, store=False)
        assert since_reset.basis == "cumulative" and since_reset.evidence[0]["checkpoints_req"] >= before + 10
        assert "not over the window" in since_reset.message.en or since_reset.outcome is not Outcome.OK
