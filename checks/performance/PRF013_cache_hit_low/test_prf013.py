"""PRF013 on the shared performance cluster (shared_buffers 1 MB): a window in which only a 100-row table is
read has a hit ratio near 100 % (OK); the next window, in which a 20 MB table is scanned three times, has most
blocks read from outside shared_buffers, and the database is rated on that window alone (CRITICAL by name),
while since the reset the two mix."""

from __future__ import annotations

import datetime as dt

from dbpatrol.results import Outcome

CODE = "PRF013"
DB = "dbp_prf"
S = dt.timedelta(milliseconds=1)
FEW = {"min_blocks": {"value": 1000}}


def row(f, scope=DB):
    return next(r for r in f.evidence if r["scope"] == scope)


def test_hit_ratio_of_the_window_not_since_the_reset(perf):
    with perf.session() as s:
        t0 = perf.sample(s, CODE)
        perf.work("SELECT sum((SELECT count(*) FROM small WHERE g <= s.i)) FROM generate_series(1, 10000) s(i)")
        t1 = perf.sample(s, CODE)
        perf.work("SELECT count(*) FROM big", times=3)
        t2 = perf.sample(s, CODE)

        cached = perf.run(s, CODE, (t0 - S, t1 + S), FEW, name=CODE)
        r = row(cached)
        assert cached.basis == "window" and cached.outcome is Outcome.OK, cached.message.en
        assert r["blocks"] >= 1000 and r["hit_pct"] > 99, r

        f = perf.run(s, CODE, (t1 - S, t2 + S), FEW, name=CODE)
        r = row(f)
        assert f.basis == "window" and f.outcome is Outcome.CRITICAL, f.message.en
        assert DB in [o.key for o in f.objects] and r["hit_pct"] < 80, r
        assert r["blks_read"] >= 2 * 2500, r  # three scans of ~2,600 pages, the ring buffer keeps few
        assert f"% in {DB} in the window ({r['blks_read']:,} of {r['blocks']:,} blocks read outside" in f.message.en, f.message.en
        assert "窗口内" in f.message.zh

        now = s.run("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = :d", {"d": DB})[0]
        since = perf.run(s, CODE, (t1 - S, t2 + S), FEW, name=CODE, store=False)  # both periods, and the setup
        c = row(since)
        assert (c["blks_hit"], c["blks_read"]) == (now["blks_hit"], now["blks_read"]), (c, now)  # nothing ran in between
        assert since.basis == "cumulative" and c["blks_read"] >= r["blks_read"] and c["blks_hit"] >= r["blks_hit"] + 10000, c
        assert c["hit_pct"] == round(100 * c["blks_hit"] / (c["blks_hit"] + c["blks_read"]), 2) > r["hit_pct"], c
        assert "when these counters started" in since.message.en, since.message.en

        default = perf.run(s, CODE, (t1 - S, t2 + S), name=CODE)  # 100,000 blocks: this window is too idle
        assert default.outcome is Outcome.OK and "too idle to rate" in default.message.en, default.message.en
