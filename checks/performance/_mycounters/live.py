"""The planted counter window the MySQL/MariaDB counter checks' live tests share (checks/performance/conftest.py).

On the private mariadbd: workloads planted *before* the first snapshot (outside every window), two snapshots with
nothing between them (``noise``: what the sampler's own statements add per interval, measured, not assumed), then
the planted workloads, then a third snapshot. Every figure a test asserts is planted count + noise.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

import pymysql

from checks.config._live import my_monitor_for, sample
from checks.window import EPOCH_SLACK

INSTANCE = "perf-maria"

# What is planted inside the window (and, for the first two, outside it too), per counter.
INSIDE = {"tmp_disk": 40, "tmp_memory": 10, "sorts": 3, "full_joins": 30, "lock_waits": 3, "new_threads": 30,
          "fat_scans": 2}
OUTSIDE = {"tmp_disk": 25, "full_joins": 300, "digest": 12}
# The statement digests (PRF040, PRF041): a full scan of nums (20,000 rows, pad has no index) under two names, one
# run before the first snapshot only, the other between the second and third only.
INSIDE_SQL = "SELECT SUM(a) AS dbp_inside FROM nums WHERE pad LIKE %s"
OUTSIDE_SQL = "SELECT MAX(a) AS dbp_outside FROM nums WHERE pad LIKE %s"
INSIDE_DIGEST_RUNS = 25
TABLES = 14  # small1 … small14, read in turn through a 10-table cache: every open is a miss
TABLE_ROUNDS = 3
THREAD_CACHE = 8  # the private server's thread-cache-size (checks/performance/conftest.py sets it)
POINT_LOOKUPS = 400  # the same primary-key lookups again and again: the adaptive hash index builds up


@dataclass
class CounterWindow:
    server: object
    url: str
    t0: dt.datetime  # first snapshot (UTC-aware)
    t1: dt.datetime  # second: t0..t1 held nothing planted
    t2: dt.datetime  # third: t1..t2 holds INSIDE
    status: dict[str, dict[str, int]] = field(default_factory=dict)  # t0/t1/t2 → global status (lower-case)

    def noise(self, name: str) -> int:
        return self.status["t1"][name] - self.status["t0"][name]

    def delta(self, name: str) -> int:
        return self.status["t2"][name] - self.status["t1"][name]

    @property
    def before(self):  # a window with nothing planted in it
        return (self.t0 - dt.timedelta(seconds=1), self.t1)

    @property
    def planted(self):  # the window holding INSIDE
        return (self.t1, self.t2 + dt.timedelta(seconds=1))

    sessions: dict = field(default_factory=dict)  # code → one open monitoring session, reused by every judging

    def target(self, code: str):
        return my_monitor_for(self.server, code)

    def check(self, code: str, win=None, overrides=None, *, url: str | None = "", name: str = INSTANCE,
              record: str | None = None, expect: str | None = None, contains: str | None = None):
        """Run ``code`` as its least-privileged user over ``url``'s snapshots (default: the planted window's store;
        None: no store) — one session per check for the whole test session (opening one costs its facts)."""
        from checks.adapters import open_session
        from checks.config._live import RECORD, write_collected_fixture
        from dbpatrol import snapshots
        from tests.live import run

        s = self.sessions.get(code)
        if s is None:
            s = self.sessions[code] = open_session(self.target(code))
        url = self.url if url == "" else url
        s.instance_name, s.snapshots = (name, snapshots.SnapshotReader(url)) if url else (None, None)
        try:
            finding = run(s, code, overrides, win=win)
            if record and RECORD:
                c = __import__("checks.registry", fromlist=["load"]).load().get(code)
                if (c.folder / "collect.py").exists():
                    write_collected_fixture(s, code, record, expect or finding.outcome.value, contains, win)
                else:
                    from tests.pg_security import write_fixture
                    write_fixture(s, code, record, expect or finding.outcome.value, contains, overrides, None)
            return finding
        finally:
            s.instance_name = s.snapshots = None

    def close(self) -> None:
        for s in self.sessions.values():
            try:
                s.close()
            except Exception:  # noqa: BLE001 - the server may be gone already
                pass
        self.sessions.clear()


def connect(server, **kw):
    # ssl_disabled: PyMySQL builds a TLS context on every connect otherwise (~20 ms each; the server has no TLS)
    return pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="dbp_perf", autocommit=True,
                           ssl_disabled=True, **kw)


def global_status(server) -> dict[str, int]:
    out = {}
    for name, value in server.sql("SHOW GLOBAL STATUS"):
        try:
            out[name.lower()] = int(value)
        except (TypeError, ValueError):
            pass
    return out


def setup(server) -> None:
    server.sql("CREATE DATABASE IF NOT EXISTS dbp_perf")
    conn = connect(server)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE words (id INT PRIMARY KEY, t TEXT)")  # t has no index
        cur.execute("INSERT INTO words SELECT seq, CONCAT('w', seq % 50) FROM seq_1_to_200")
        cur.execute("CREATE TABLE nums (id INT PRIMARY KEY, a INT, pad CHAR(200))")
        cur.execute("INSERT INTO nums SELECT seq, seq * 7 % 1000, MD5(seq) FROM seq_1_to_20000")
        # 8 MB against the 6 MB buffer pool: every full scan reads it from disk again
        cur.execute("CREATE TABLE fat (id INT PRIMARY KEY, b VARCHAR(4000))")
        cur.execute("INSERT INTO fat SELECT seq, REPEAT('x', 4000) FROM seq_1_to_2000")
        cur.execute("CREATE TABLE locked (id INT PRIMARY KEY, v INT)")
        cur.execute("INSERT INTO locked VALUES (1, 0)")
        for n in range(1, TABLES + 1):
            cur.execute(f"CREATE TABLE small{n} (id INT PRIMARY KEY)")
    conn.close()


def tmp_disk(cur, n: int) -> None:
    for _ in range(n):  # a GROUP BY on a TEXT column: MariaDB's internal temporary table is an on-disk Aria one
        cur.execute("SELECT t, COUNT(*) FROM words GROUP BY t ORDER BY NULL LIMIT 1")


def full_joins(cur, n: int) -> None:
    for _ in range(n):  # words.t has no index: each is one Select_full_join
        cur.execute("SELECT COUNT(*) FROM words a JOIN words b ON a.t = b.t")


def lock_waits(server, n: int, hold_s: float = 0.08) -> None:
    for _ in range(n):
        holder, waiter = connect(server), connect(server)
        try:
            with holder.cursor() as h:
                h.execute("BEGIN")
                h.execute("SELECT v FROM locked WHERE id = 1 FOR UPDATE")
                t = threading.Thread(target=lambda: waiter.cursor().execute(
                    "UPDATE locked SET v = v + 1 WHERE id = 1"))
                t.start()
                time.sleep(hold_s)
                h.execute("COMMIT")
                t.join(10)
        finally:
            holder.close()
            waiter.close()


def plant_counter_window(server, url: str) -> CounterWindow:
    setup(server)
    conn = connect(server)
    with conn.cursor() as cur:  # outside every window: before the first snapshot
        tmp_disk(cur, OUTSIDE["tmp_disk"])
        full_joins(cur, OUTSIDE["full_joins"])
        for i in range(OUTSIDE["digest"]):
            cur.execute(OUTSIDE_SQL, (f"o{i}%",))
    target = my_monitor_for(server, "PRF040")  # SELECT ON performance_schema.*: every source reads
    server.sql("GRANT SELECT ON mysql.innodb_table_stats TO 'dbp_prf040'@'%'")  # my.schema_sizes (PRF039)
    # The server start (the counters' epoch, now - Uptime) must lie more than checks.window.EPOCH_SLACK before a
    # window opens, or the first point would count as a counter started inside it.
    uptime = int(server.sql("SHOW GLOBAL STATUS LIKE 'Uptime'")[0][1])
    time.sleep(max(0.0, EPOCH_SLACK.total_seconds() + 1.5 - uptime))
    t0 = sample(target, url, INSTANCE)
    status = {"t0": global_status(server)}
    t1 = sample(target, url, INSTANCE)
    status["t1"] = global_status(server)
    with conn.cursor() as cur:
        tmp_disk(cur, INSIDE["tmp_disk"])
        for _ in range(INSIDE["tmp_memory"]):
            cur.execute("SELECT id % 7, COUNT(*) FROM words GROUP BY 1 ORDER BY NULL LIMIT 1")
        cur.execute("SET SESSION sort_buffer_size = 16384")
        for _ in range(INSIDE["sorts"]):  # a filesort of 20,000 rows in a 16 kB buffer: merge passes
            cur.execute("SELECT pad FROM nums ORDER BY pad DESC LIMIT 19999, 1")
        full_joins(cur, INSIDE["full_joins"])
        for _ in range(INSIDE["fat_scans"]):
            cur.execute("SELECT COUNT(*) FROM fat WHERE b LIKE 'y%'")
        for i in range(INSIDE_DIGEST_RUNS):
            cur.execute(INSIDE_SQL, (f"i{i}%",))
        for i in range(POINT_LOOKUPS):
            cur.execute("SELECT a FROM nums WHERE id = %s", (i % 20 + 1,))
    conn.close()
    cache = server.sql("SELECT @@global.table_open_cache")[0][0]
    server.sql("SET GLOBAL table_open_cache = 10")
    try:
        conn = connect(server)
        with conn.cursor() as cur:
            for _ in range(TABLE_ROUNDS):
                for n in range(1, TABLES + 1):
                    cur.execute(f"SELECT COUNT(*) FROM small{n}")
        conn.close()
    finally:
        server.sql(f"SET GLOBAL table_open_cache = {int(cache)}")
    lock_waits(server, INSIDE["lock_waits"])
    # SET GLOBAL thread_cache_size = 0 does not empty the cache: the threads cached before it serve the next
    # connections and create none (a CI run counted 29 of 30 new threads). Holding CACHE connections open at
    # once takes every cached thread (at most thread-cache-size of the server, checks/performance/conftest.py);
    # when they close, a cache of size 0 keeps none. No status is read here: SHOW STATUS makes a temporary
    # table inside the window (PRF030 counts them).
    server.sql("SET GLOBAL thread_cache_size = 0")
    try:
        held = [connect(server) for _ in range(THREAD_CACHE)]
        for c in held:
            c.close()
        for _ in range(INSIDE["new_threads"]):
            connect(server).close()
    finally:
        server.sql(f"SET GLOBAL thread_cache_size = {THREAD_CACHE}")
    t2 = sample(target, url, INSTANCE)
    status["t2"] = global_status(server)
    return CounterWindow(server, url, t0, t1, t2, status)
