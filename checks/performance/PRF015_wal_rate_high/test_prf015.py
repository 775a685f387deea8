"""PRF015 on the shared performance cluster: a quiet window writes next to no WAL (OK); in the next one a
CHECKPOINT and then an UPDATE of one row per page of a 20 MB table write a full-page image for nearly every
record — the window's WAL bytes, records and images are the increase pg_stat_wal shows over it, the rate is
over 1 MB/s and the image share over 40 %."""

from __future__ import annotations

import datetime as dt
import time

from checks.performance.conftest import utcnow
from dbpatrol.results import Outcome

CODE = "PRF015"
# the snapshots here are seconds apart: the 1-hour covered-time guard (min_covered_h) is lowered to 0
NO_MIN = {"min_covered_h": {"value": 0}}
S = dt.timedelta(milliseconds=1)
WAL = "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal"


def test_wal_rate_and_full_page_images_of_the_window(perf):
    with perf.session() as s:
        t0 = perf.sample(s, CODE)
        time.sleep(0.3)  # a measurable quiet interval (days_since has 0.09 s steps)
        t1 = perf.sample(s, CODE)
        perf.work("CHECKPOINT", database="postgres")
        before = s.run(WAL, {})[0]
        perf.work("UPDATE big SET g = g WHERE g % 30 = 0")
        after = s.run(WAL, {})[0]
        t2 = perf.sample(s, CODE)

        quiet = perf.run(s, CODE, (t0 - S, t1 + S), NO_MIN, name=CODE)
        assert quiet.basis == "window" and quiet.outcome is Outcome.OK, quiet.message.en
        assert quiet.evidence[0]["wal_bytes"] < 100_000 and "WAL in the window" in quiet.message.en

        f = perf.run(s, CODE, (t1 - S, t2 + S), {**NO_MIN, "min_records": {"value": 1000}}, name=CODE)
        r = f.evidence[0]
        planted = {k: after[k] - before[k] for k in ("wal_records", "wal_fpi", "wal_bytes")}
        assert f.basis == "window" and planted["wal_fpi"] > 2000, planted
        # the window holds the planted WAL and at most the few records of a checkpoint and the samples around it
        assert planted["wal_fpi"] <= r["wal_fpi"] <= planted["wal_fpi"] + 50, (r, planted)
        assert planted["wal_bytes"] <= r["wal_bytes"] <= planted["wal_bytes"] + 200_000, (r, planted)
        assert r["fpi_pct"] > 40 and r["wal_mb_per_s"] > 1, r
        assert f.outcome in (Outcome.WARNING, Outcome.CRITICAL) and "WAL was generated at" in f.message.en, f.message.en
        fpi_only = perf.run(s, CODE, (t1 - S, t2 + S), {**NO_MIN, "min_records": {"value": 1000}, "wal_mb_per_s":
                                                        {"warning": 10000, "critical": None}}, name=CODE)
        assert fpi_only.outcome is Outcome.WARNING and "carry a full-page image" in fpi_only.message.en


def test_a_freshly_reset_counter_is_not_rated_over_seconds(perf):
    """pg-perf-review S1: right after pg_stat_reset_shared('wal') the counters since the reset cover a moment, and two
    snapshots a moment apart cover as little; at the default 1-hour guard both are SKIPPED "too little time covered",
    not a rate (before the guard: OK over ~1e-05 days)."""
    with perf.session() as s:
        perf.work("SELECT pg_stat_reset_shared('wal')", database="postgres")
        perf.work("UPDATE big SET g = g WHERE g % 300 = 0")
        # days_since is rounded to 1e-06 days (0.09 s): on a fast machine a check right after the reset reads 0,
        # "reset just now, no interval" — true, but not the guard this test is about
        time.sleep(0.3)
        since = perf.run(s, CODE, (utcnow() - dt.timedelta(hours=2), utcnow()), name=CODE, store=False)
        assert since.outcome is Outcome.SKIPPED and "too little time covered" in since.message.en, since.message.en
        assert "since" in since.message.en and since.basis != "window"
        rated = perf.run(s, CODE, (utcnow() - dt.timedelta(hours=2), utcnow()), NO_MIN, name=CODE, store=False)
        assert rated.outcome is not Outcome.SKIPPED, rated.message.en  # the same rows are rated over any time
        t0 = perf.sample(s, CODE + "-short")
        perf.work("UPDATE big SET g = g WHERE g % 300 = 0")
        time.sleep(0.3)  # past the 1e-06-day rounding: a fast machine took both snapshots in one step
        t1 = perf.sample(s, CODE + "-short")
        w = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE + "-short")
        assert w.basis == "window" and w.outcome is Outcome.SKIPPED, w.message.en
        assert "too little time covered" in w.message.en and "the snapshots from" in w.message.en
