"""PRF016 on the shared performance cluster: inside one window the 80,000-row table ``big`` (no index) is read by
20 sequential scans looking for one row — flagged by name with its 20 in-window scans; then CREATE INDEX, and in
the next window 300 index lookups beside 10 whole-table counts — 97 % by index, not flagged, though since the
reset its scans are still mostly sequential."""

from __future__ import annotations

import datetime as dt

from dbpatrol.results import Outcome

CODE = "PRF016"
DB = "dbp_prf"
KEY = f"{DB}.public.big"
S = dt.timedelta(milliseconds=1)


def big(f):
    return next((r for r in f.evidence if r["table_name"] == "public.big"), None)


def test_missing_index_flagged_in_its_window_and_not_after_the_index(perf):
    with perf.session(database=DB) as s:
        t0 = perf.sample(s, CODE)
        perf.work("SELECT count(*) FROM big WHERE g = 7", times=20)
        t1 = perf.sample(s, CODE)
        perf.work("CREATE INDEX big_g ON big (g)", "ANALYZE big")
        t2 = perf.sample(s, CODE)
        perf.work("SELECT count(*) FROM big", times=10)
        perf.work("SET enable_seqscan = off", *[f"SELECT pad FROM big WHERE g = {i}" for i in range(1, 301)])
        t3 = perf.sample(s, CODE)

        f = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE)
        r = big(f)
        assert f.basis == "window" and f.outcome is Outcome.WARNING and f.database == DB, f.message.en
        assert [o.key for o in f.objects] == [KEY], f.objects
        assert (r["seq_scan"], r["idx_scan"], r["n_live_tup"]) == (20, 0, 80000), r
        assert r["seq_tup_read"] == 20 * 80000 and r["indexes"] == 1, r  # the index exists now, not in the window
        assert f"public.big in {DB} (80,000 rows" in f.message.en and "20 sequential scans and 0 index scans in the " \
            "window" in f.message.en, f.message.en

        after = perf.run(s, CODE, (t2 - S, t3 + S), name=CODE)
        r = big(after)
        assert after.basis == "window" and after.outcome is Outcome.OK, after.message.en
        assert r["seq_scan"] == 10 and r["idx_scan"] == 300 and r["idx_scan_pct"] == 96.8, r

        since = perf.run(s, CODE, (t2 - S, t3 + S), name=CODE, store=False)
        assert since.basis == "cumulative" and since.outcome is Outcome.WARNING and KEY in [o.key for o in since.objects]
        assert "when these counters started" in since.message.en
