"""What the statement checks' live tests share: a store of the test's own, snapshots taken as the
check's monitoring role (so its statements are the ones left out), and planting statements."""

from __future__ import annotations

import datetime as dt

from checks import samples
from checks.adapters import open_session
from dbpatrol import snapshots
from tests.live import run


def snap(target, url: str, name: str, at: dt.datetime | None = None) -> dt.datetime:
    """One snapshot of every source as ``target``, stored under ``name``; its time (UTC-aware). ``at``:
    store it as taken then (its numbers are real; periods of hours without waiting for them)."""
    with open_session(target) as s:
        taken = samples.take(s, snapshots.known_texts(url, name))
    assert "pg.statements" not in taken.refused, taken.refused
    if at is not None:
        taken.taken_at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    snapshots.save(url, name, taken, "sampler")
    return taken.taken_at.replace(tzinfo=dt.timezone.utc)


def check(target, code: str, url: str | None, name: str, win, overrides=None, *, record: str | None = None,
          expect: str | None = None, contains: str | None = None):
    """Run ``code`` as an inspection does (reading ``url``'s snapshots as instance ``name``; None: no store);
    with ``record`` and DBPATROL_RECORD_FIXTURES=1 also write fixtures/postgresql-<record>.yaml."""
    from checks.config._live import write_collected_fixture
    from tests.pg_security import RECORD

    with open_session(target) as s:
        if url:
            s.instance_name, s.snapshots = name, snapshots.SnapshotReader(url)
        finding = run(s, code, overrides, win=win)
        if record and RECORD:
            write_collected_fixture(s, code, record, expect or finding.outcome.value, contains, win)
            if overrides:  # the replay judges with the same thresholds
                import yaml

                from checks import registry

                path = registry.load().get(code).folder / "fixtures" / f"{s.flavor}-{record}.yaml"
                doc = yaml.safe_load(path.read_text())
                doc = {**{k: v for k, v in doc.items() if k != "expect"}, "thresholds": overrides, "expect": doc["expect"]}
                path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        return finding


def plant(cluster, statement: str, times: int, database: str = "postgres", setup: str | None = None) -> None:
    """Run ``statement`` ``times`` times on one connection as the cluster's superuser (after ``setup``)."""
    eng = cluster.engine(database)
    try:
        with eng.connect() as c:
            if setup:
                c.exec_driver_sql(setup)
            for _ in range(times):
                c.exec_driver_sql(statement)
    finally:
        eng.dispose()


def row(finding, marker: str) -> dict | None:
    return next((r for r in finding.evidence if marker in str(r.get("query"))), None)
