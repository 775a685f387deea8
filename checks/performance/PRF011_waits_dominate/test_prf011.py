"""PRF011 on the shared performance cluster: three sessions (as another user than the monitoring one) blocked on a
table lock through twelve snapshots make a window whose profile is Lock:relation for all 36 sampled active
backends (CRITICAL, by event); the window before, with nobody active, has no sampled backend (OK, too few to
rate — not a verdict on the waits); with no store the one sample now is said to be one sample."""

from __future__ import annotations

import datetime as dt
import threading

from dbpatrol.results import Outcome
from tests.live import wait_for

CODE = "PRF011"
S = dt.timedelta(milliseconds=1)


def test_lock_waits_sampled_through_a_window(perf):
    locker = perf.conn()
    locker.autocommit = False
    locker.execute("LOCK TABLE small IN ACCESS EXCLUSIVE MODE")
    waiters = [threading.Thread(target=lambda: perf.work("SELECT count(*) FROM small")) for _ in range(3)]
    try:
        with perf.session() as s:
            t0 = perf.sample(s, CODE)
            t1 = perf.sample(s, CODE)
            for w in waiters:
                w.start()
            wait_for(lambda: s.run("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                                   {})[0]["n"] == 3, what="three sessions waiting on the lock")
            t2 = perf.sample(s, CODE)
            for _ in range(11):
                t3 = perf.sample(s, CODE)
            now = perf.run(s, CODE, (t2 - S, t3 + S), name=CODE, store=False)

            f = perf.run(s, CODE, (t2 - S, t3 + S), name=CODE)
            quiet = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE)
    finally:
        locker.rollback()
        locker.close()
        for w in waiters:
            w.join(timeout=10)
    rows = {r["wait_key"]: r for r in f.evidence}
    assert f.basis == "window" and rows["(all)"]["samples"] == 12 and rows["(all)"]["backends"] == 36, rows
    assert rows["Lock:relation"]["backends"] == 36 and rows["Lock:relation"]["share_pct"] == 100.0, rows
    assert f.outcome is Outcome.CRITICAL and [o.key for o in f.objects] == ["Lock:relation"], f.message.en
    assert "100% of the sampled active sessions waited on Lock in the window" in f.message.en
    assert "36 active sessions in 12 samples" in f.message.en and "窗口内" in f.message.zh

    assert quiet.basis == "window" and quiet.outcome is Outcome.OK and "too few to rate" in quiet.message.en
    assert {r["wait_key"]: r["backends"] for r in quiet.evidence} == {"(all)": 0}, quiet.evidence

    assert now.basis == "current" and "one sample at inspection time" in now.message.en, now.message.en
    assert {r["wait_key"]: r["backends"] for r in now.evidence}.get("Lock:relation") == 3, now.evidence
