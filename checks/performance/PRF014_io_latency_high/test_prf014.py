"""PRF014 on the shared performance cluster (track_io_timing on): the blocks a 20 MB table's scans read inside
a window are timed, and the mean per block is rated on that window (OK at the default 10 ms — the OS page
cache answers — and WARNING by name once the threshold is below the measured mean); with track_io_timing off
the check is not applicable and says how to turn it on."""

from __future__ import annotations

import datetime as dt
import time

from dbpatrol.results import Outcome

CODE = "PRF014"
# the snapshots here are seconds apart: the 1-hour covered-time guard (min_covered_h) is lowered to 0
NO_MIN = {"min_covered_h": {"value": 0}}
DB = "dbp_prf"
S = dt.timedelta(milliseconds=1)


def test_read_latency_of_the_window(perf):
    with perf.session() as s:
        t0 = perf.sample(s, CODE)
        perf.work("SELECT count(*) FROM big", times=2)
        t1 = perf.sample(s, CODE)

        f = perf.run(s, CODE, (t0 - S, t1 + S), NO_MIN, name=CODE)
        assert f.basis == "window" and f.outcome is Outcome.OK, f.message.en
        assert "block reads requested from the OS in the window take" in f.message.en, f.message.en
        # pg-perf-review S3: what the mean is (the OS page cache's hits included) and track_io_timing turned on part-way
        assert "not the device's latency" in f.message.en and "turned on after the counters started, the mean is " \
            "understated" in f.message.en, f.message.en
        low = perf.run(s, CODE, (t0 - S, t1 + S), {**NO_MIN, "read_ms": {"warning": 0.000001}}, name=CODE)
        r = next(x for x in low.evidence if x["scope"] == DB)
        assert low.outcome is Outcome.WARNING and DB in [o.key for o in low.objects], low.message.en
        assert r["blks_read"] >= 4000 and r["blk_read_time"] > 0, r  # two scans of ~2,600 pages
        assert r["read_ms"] == round(r["blk_read_time"] / r["blks_read"], 6), r

    # the cluster runs with -c track_io_timing=on (ALTER SYSTEM cannot override the command line): switch it off
    # for the monitoring role's own sessions, which is what the check reads
    perf.cluster.sql("ALTER ROLE dbp_mon_prf SET track_io_timing = off")
    try:
        with perf.session() as s:
            off = perf.run(s, CODE, (t0 - S, t1 + S), NO_MIN, name=CODE)
        assert off.outcome is Outcome.SKIPPED and off.skip_reason == "not_applicable", off.message.en
        assert off.message.en.startswith("not applicable: track_io_timing is off"), off.message.en
        assert "ALTER SYSTEM SET track_io_timing = on" in off.message.en
    finally:
        perf.cluster.sql("ALTER ROLE dbp_mon_prf RESET track_io_timing")
