"""The sampler: a snapshot of every inventory instance's counters and gauges into dbpatrol's store.

``dbpatrol-sampler`` is one Prefect flow run per interval (default every 15 minutes; `dbpatrol
sampler start --every 5m`, deployments/sampler.py). Each run opens one read-only session per
instance (the inspection's connect, statement and lock timeouts), takes one snapshot
(checks/samples: a handful of small statements), stores it, and closes the session. Instances are
sampled side by side in a bounded thread pool, not as Prefect tasks (a task run costs ~30 ms of
server CPU — prefect-notes.md — and a sample is a few ms of SQL). An instance that cannot be
reached records a gap with its cause; it never delays the others beyond its connect timeout.
At the end, snapshots older than the retention (default 35 days) are deleted, so the store's
growth is bounded: about (instances × samples per day × retention) snapshots.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import time
from dataclasses import asdict, dataclass

from prefect import flow, get_run_logger

from checks import samples
from checks.adapters import Unreachable, open_session
from dbpatrol import snapshots
from dbpatrol.inventory import load_inventory
from dbpatrol.settings import Settings, load_settings
from dbpatrol.store_db import get_engine, store_url

from .runner import _target

DEFAULT_RETENTION_DAYS = 35
DEFAULT_EVERY_S = 900


@dataclass
class Sampled:
    instance: str
    ok: bool
    rows: int = 0
    statements: int = 0
    ms: float = 0.0
    cause: str | None = None


def sample_instance(target, settings: Settings, url: str) -> Sampled:
    name = target.instance.name
    t0 = time.perf_counter()
    taken_at = dt.datetime.now(dt.timezone.utc)
    try:
        try:
            session = open_session(_target(target, settings))
        except LookupError as exc:  # the password reference could not be resolved
            raise Unreachable(str(exc)) from None
    except Unreachable as exc:
        snapshots.gap(url, name, taken_at, f"unreachable: {exc.cause}")
        return Sampled(name, False, ms=round((time.perf_counter() - t0) * 1000, 1), cause=exc.cause)
    try:
        snap = samples.take(session, snapshots.known_texts(url, name))
    finally:
        session.close()
    snapshots.save(url, name, snap, "sampler")
    return Sampled(name, True, rows=len(snap.rows), statements=snap.statements,
                   ms=round((time.perf_counter() - t0) * 1000, 1), cause=snap.cause)


def sample_all(*, instances: list[str] | None = None, business: str | None = None, host: str | None = None,
               inventory: str | None = None, retention_days: float = DEFAULT_RETENTION_DAYS,
               settings: Settings | None = None) -> list[Sampled]:
    """One snapshot of each selected instance (all by default), then the retention purge."""
    settings = settings or load_settings()
    inv = load_inventory(inventory or settings.inventory_path())
    targets = inv.select(business=business, host=host, instances=instances)
    url = store_url(settings)
    get_engine(url)  # the tables exist before the threads race to create them
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(settings.max_concurrency, len(targets) or 1))) as pool:
        futures = [pool.submit(_safe, t, settings, url) for t in targets]
        done = [f.result() for f in futures]
    snapshots.purge(url, retention_days)
    return done


def _safe(target, settings, url) -> Sampled:
    try:
        return sample_instance(target, settings, url)
    except Exception as exc:  # noqa: BLE001 - one instance's failure (a store error, a bug) never stops the rest
        return Sampled(target.instance.name, False, cause=f"{type(exc).__name__}: {exc}"[:300])


@flow(name="dbpatrol-sampler", log_prints=False, persist_result=False,
      description="Snapshot every inventory instance's counters and gauges for window-true inspections.")
def sampler(instances: list[str] | None = None, business: str | None = None, host: str | None = None,
            inventory: str | None = None, retention_days: float = DEFAULT_RETENTION_DAYS) -> dict:
    logger = get_run_logger()
    done = sample_all(instances=instances, business=business, host=host, inventory=inventory,
                      retention_days=retention_days)
    gaps = [d for d in done if not d.ok]
    for d in gaps:
        logger.warning("%s: not sampled (%s)", d.instance, d.cause)
    logger.info("sampled %d of %d instances", len(done) - len(gaps), len(done))
    return {"sampled": len(done) - len(gaps), "gaps": len(gaps), "instances": [asdict(d) for d in done]}
