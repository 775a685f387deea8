"""The shared tier runner: every tier flow is this, with its tier.

Granularity (design.md "Tasks and their cost"): one task per instance (``inspect-<instance>``)
opens the instance's single read-only session and runs one nested task per category
(``<category>-<instance>``), sequentially on that session. Instances run concurrently, bounded by
the flow's thread pool (DBPATROL_MAX_CONCURRENCY).

Per-instance mutual exclusion (docs/fleet.md): each instance task is tagged ``db:<instance>`` and
``run_tier`` creates the tag concurrency limit ``db:<instance>`` with limit 1 when it is missing
(an operator's own limit is left as it is). In Prefect 3.9 a tag limit is a global concurrency
limit named ``tag:db:<instance>`` whose slot the task engine takes (a lease, renewed) before the
task starts and gives back when it ends: held on the server, so it holds across flow runs and
workers on other machines. Only the instance task carries the tag (``with_options(tags=...)``,
not ``with tags(...)``): the category tasks it runs inside itself must not inherit it, or they
would wait for the slot their own parent holds. One task holds one slot and waits for nothing
else while holding it, so runs inspecting overlapping instances in any order cannot deadlock.

Inspection items (checks/items.py): checks disabled in settings, the inventory, the plan or the
run are not run and are listed as SKIPPED "not inspected: disabled by <where>".

Database scope: after the instance-scope categories, the checks whose spec says
``scope="database"`` run in each database the inventory names for the instance (``databases:``,
``all`` discovered on the instance session; default: the instance's own database), one task per
(category, database) named ``<category>-<instance>-<database>``. Databases are visited one after
the other, so an instance never has more than two of our connections: on PostgreSQL each other
database gets its own connection (same user and timeouts), opened only when such checks are
enabled in this tier and closed before the next; on MySQL/MariaDB a database is a schema, and the
instance session serves them all, the checks binding ``:database``. A database that cannot be
reached gets its checks SKIPPED "unreachable" with the cause, and the other databases go on.

Host access: the host/OS checks (category os) collect over SSH from the instance's host
(dbpatrol/ssh.py). One HostPool per run gives each session its host's ``host_access``: one
connection per inventory host, opened at the first command and shared by the instances on that host
(results of the same command too), closed when the run ends; a host without ``ssh:`` answers NoSsh.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any, Callable

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from checks import registry, samples
from checks.adapters import ConnectTarget, QueryError, Unreachable, open_session
from checks.adapters.base import Session
from checks.execute import not_inspected, run_check
from checks.items import Selection, disabled_message
from checks.registry import Check
from dbpatrol.inventory import Inventory, Target, load_inventory
from dbpatrol.results import Finding, InspectionResult, InstanceResult, Outcome
from dbpatrol import snapshots, timefmt
from dbpatrol.ssh import HostPool
from dbpatrol.settings import Settings, load_settings
from dbpatrol.store_db import store_url

from .window import resolve_window

# In-process observers (the CLI's progress display). Called as hook(event, instance, **info)
# with event in {"start", "category", "done"}; never crosses a process boundary.
PROGRESS_HOOKS: list[Callable[..., None]] = []


def _notify(event: str, instance: str, **info: Any) -> None:
    for hook in list(PROGRESS_HOOKS):
        try:
            hook(event, instance, **info)
        except Exception:  # noqa: BLE001 - a display problem never fails an inspection
            pass


def _target(t: Target, settings: Settings) -> ConnectTarget:
    inst = t.instance
    password = inst.password.resolve() if inst.password else None
    return ConnectTarget(
        engine=inst.engine, host=t.address, port=inst.port, database=inst.database, user=inst.user,
        password=password, connect_timeout_s=settings.connect_timeout,
        statement_timeout_s=settings.statement_timeout, lock_timeout_s=settings.lock_timeout,
        licensed_packs=tuple(inst.licensed_packs),
        **({} if inst.tls is None else {"tls_mode": inst.tls.effective_mode, "tls_ca": inst.tls.ca,
                                       "tls_cert": inst.tls.cert, "tls_key": inst.tls.key}),
    )


@task(name="check-category", cache_policy=NO_CACHE, persist_result=False, log_prints=False)
def inspect_category(session: Session, category: str, tier: str, layers: list, window: tuple,
                     codes: list[str] | None = None, database: str | None = None) -> list[Finding]:
    """One category of checks on one instance's open session (a 'check task'): the checks named in
    ``codes`` (default: every check of the category the tier runs); database-scope ones in ``database``."""
    reg = registry.load()
    findings = []
    for check in reg.select(tier, engine=session.flavor, category=category):
        if codes is not None and check.code not in codes:
            continue
        eff = reg.effective_thresholds(check.code, layers)
        findings.append(run_check(session, check, eff, window, database))
    return findings


def _disabled(check: Check, engine: str, source: str) -> Finding:
    en, zh = disabled_message(source)
    return not_inspected(check.spec, engine, Outcome.SKIPPED, en, zh, "disabled")


def _databases(session: Session, target: Target) -> list[str]:
    """Where database-scope checks run: the inventory's list, all of them, or the session's own."""
    wanted = target.instance.databases
    if wanted == "all":
        return session.list_databases()
    if wanted:
        return list(wanted)
    own = session.facts.get("database")  # PostgreSQL: current_database(); MySQL: DATABASE(), None when none
    return [own] if own else []


def inspect_databases(session: Session, target: Target, checks: list[Check], tier: str, layers: list,
                      window: tuple, result: InstanceResult) -> list[Finding]:
    """The enabled database-scope checks, in each database of the instance (see the module doc)."""
    inst, engine = target.instance, session.flavor
    try:
        names = _databases(session, target)
    except QueryError as exc:
        return [not_inspected(c.spec, engine, Outcome.SKIPPED, f"not inspected: cannot list the databases ({exc.message})",
                              f"未巡检：无法列出数据库（{exc.message}）",
                              "privilege" if exc.kind == "privilege" else "unreachable") for c in checks]
    if not names:
        return [not_inspected(c.spec, engine, Outcome.SKIPPED,
                              "not applicable: no database to inspect (the inventory names no database or databases)",
                              "不适用：没有可巡检的数据库（巡检清单未配置 database 或 databases）", "not_applicable")
                for c in checks]
    categories = [cat for cat in registry.load().categories(tier, engine) if any(c.spec.category == cat for c in checks)]
    findings: list[Finding] = []
    for name in names:
        try:
            db_session = session.in_database(name)
        except (Unreachable, QueryError) as exc:
            cause = exc.cause if isinstance(exc, Unreachable) else exc.message
            findings.extend(not_inspected(c.spec, engine, Outcome.SKIPPED, f"not inspected: database {name} unreachable ({cause})",
                                          f"未巡检：数据库 {name} 无法连接（{cause}）", "unreachable", database=name)
                            for c in checks)
            continue
        try:
            for category in categories:
                _notify("category", inst.name, category=category, database=name)
                codes = [c.code for c in checks if c.spec.category == category]
                findings.extend(inspect_category.with_options(task_run_name=f"{category}-{inst.name}-{name}")(
                    db_session, category, tier, layers, window, codes, name))
        finally:
            if db_session is not session:
                result.connections_opened += db_session.connections_opened
                _own_of_other_session(session, db_session)
                db_session.close()
    return findings


def take_snapshot(session: Session, name: str, settings: Settings) -> dt.datetime | None:
    """Every inspection stores a snapshot of the instance's counters (checks/samples), so consecutive
    plan runs give in-window deltas without a sampler, and lets the window checks read the store.
    A store that cannot be written costs the window, never the inspection. Returns when it was taken
    (UTC), None when it was not stored."""
    session.instance_name = name
    url = store_url(settings)
    taken = None
    try:
        snap = samples.take(session, snapshots.known_texts(url, name))
        session.own_snapshot = (url, snapshots.save(url, name, snap, "inspection"))
        taken = snap.taken_at.replace(tzinfo=dt.timezone.utc) if snap.taken_at.tzinfo is None else snap.taken_at
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("%s: snapshot not stored (%s); window checks read what the store has",
                                 name, type(exc).__name__)
    session.snapshots = snapshots.SnapshotReader(url)
    return taken


def _own_of_other_session(session: Session, other: Session) -> None:
    """A per-database session's own counters (MySQL/MariaDB), added to what the inspection's snapshot records as its
    own at the end (mysql-perf-review S1): that session is one more connection of dbpatrol's."""
    if getattr(session, "own_snapshot", None) is None:
        return
    try:
        end = samples.own_end(other)
    except Exception:  # noqa: BLE001 - dbpatrol's own share is then left in the window's deltas, as before
        return
    if end:
        extra = session.__dict__.setdefault("own_extra", {})
        for k, v in end.items():
            extra[k] = extra.get(k, 0) + v
        extra["end.connections"] = extra.get("end.connections", 0) + 1


def record_own_end(session: Session) -> None:
    """mysql-perf-review S1: after its checks, the inspection's own counters (its session's and its per-database
    sessions') go into its snapshot, so the window code subtracts them from the next interval's deltas. A store or a
    session that cannot be read costs that subtraction only."""
    own = getattr(session, "own_snapshot", None)
    if own is None:
        return
    try:
        end = samples.own_end(session)
        if not end:
            return
        end["end.connections"] = 1
        for k, v in (getattr(session, "own_extra", None) or {}).items():
            end[k] = end.get(k, 0) + v
        snapshots.record_own_end(own[0], own[1], end)
    except Exception as exc:  # noqa: BLE001
        _logger().warning("own counters not recorded (%s): dbpatrol's checks stay in the next window's deltas",
                          type(exc).__name__)


OWN_SNAPSHOT_SLACK = dt.timedelta(seconds=60)


def evaluated_window(window: tuple, own_snapshot: dt.datetime | None) -> tuple:
    """The window the checks evaluate: a window that ends "now" (the run's time) ends at the
    inspection's own snapshot, taken seconds after it closed, which so stands for its end (two
    inspections a few seconds apart otherwise left the second one a single point and no window). A
    past window (--to earlier than a minute before the snapshot), or a late run's, is left as it is."""
    if own_snapshot is None:
        return window
    start, end = window
    aware_end = end if end.tzinfo else end.replace(tzinfo=dt.timezone.utc)
    if dt.timedelta(0) <= own_snapshot - aware_end <= OWN_SNAPSHOT_SLACK:
        return (start, own_snapshot if end.tzinfo else own_snapshot.replace(tzinfo=None))
    return window


@task(name="inspect-instance", cache_policy=NO_CACHE, persist_result=False)
def inspect_instance(target: Target, tier: str, overrides: dict, window: tuple, settings: Settings,
                     selection: Selection | None = None, hosts: HostPool | None = None,
                     timezone: str | None = None) -> InstanceResult:
    logger = get_run_logger()
    inst = target.instance
    result = InstanceResult(
        name=inst.name, engine=inst.engine, business=target.business, host=target.host,
        display_name=inst.display_name, business_display=target.business_display,
        address=target.address, port=inst.port, database=inst.database, tags=list(inst.tags),
        started_at=dt.datetime.now(dt.timezone.utc),
    )
    _notify("start", inst.name)
    layers = [("settings", settings.thresholds), ("instance", inst.thresholds), *overrides]
    reg = registry.load()
    selection = (selection or Selection()).with_inventory(reg, target.disabled_checks)
    session = None
    pool = hosts if hosts is not None else HostPool(settings.connect_timeout)
    try:
        try:
            session = open_session(_target(target, settings))
        except LookupError as exc:  # the password reference could not be resolved
            raise Unreachable(str(exc)) from None
        session.message_zone = timefmt.zone(timezone or settings.timezone)  # times in check messages
        session.backup = inst.backup  # the pgBackRest stanza the backup checks read (checks/backup_tools)
        session.oracle_host = inst.oracle  # ORACLE_HOME / listener / TNS_ADMIN for RUN030, SEC011 (checks/host/oracle.py)
        result.reachable = True
        result.flavor = session.flavor
        result.server_version = session.server_version
        result.facts = dict(session.facts)
        window = evaluated_window(window, take_snapshot(session, inst.name, settings))
        session.host_access = pool.for_target(target)  # the host/OS checks' SSH access (checks/host)
        checks = reg.select(tier, session.flavor)
        disabled = {c.code: selection.disabled_by(c.code) for c in checks}
        for category in reg.categories(tier, session.flavor):
            here = [c for c in checks if c.spec.category == category]
            codes = [c.code for c in here if not disabled[c.code] and c.spec.scope_of(session.flavor) == "instance"]
            if codes:
                _notify("category", inst.name, category=category)
                result.findings.extend(inspect_category.with_options(task_run_name=f"{category}-{inst.name}")(
                    session, category, tier, layers, window, codes))
            result.findings.extend(_disabled(c, session.flavor, disabled[c.code]) for c in here if disabled[c.code])
        per_database = [c for c in checks if not disabled[c.code] and c.spec.scope_of(session.flavor) == "database"]
        if per_database:
            result.findings.extend(inspect_databases(session, target, per_database, tier, layers, window, result))
    except Unreachable as exc:
        result.reachable = False
        result.cause = exc.cause
        logger.warning("%s unreachable: %s", inst.name, exc.cause)
        # what could not be inspected, and why: every check this tier would have run
        for check in reg.select(tier, engine=inst.engine):
            source = selection.disabled_by(check.code)
            result.findings.append(_disabled(check, inst.engine, source) if source else
                                   not_inspected(check.spec, inst.engine, Outcome.SKIPPED,
                                                 f"not inspected: instance unreachable ({exc.cause})",
                                                 f"未巡检：实例无法连接（{exc.cause}）", "unreachable"))
    finally:
        if session is not None:
            result.connections_opened += session.connections_opened
            record_own_end(session)
            session.close()
        if hosts is None:
            pool.close()
        result.finished_at = dt.datetime.now(dt.timezone.utc)
    counts = result.counts()
    logger.info("%s: reachable=%s %s", inst.name, result.reachable, counts)
    _notify("done", inst.name, result=result)
    return result


def instance_tag(name: str) -> str:
    """The tag (and tag concurrency limit) that keeps two runs from inspecting ``name`` at once."""
    return f"db:{name}"


def ensure_instance_limits(names: list[str]) -> list[str]:
    """Create the tag concurrency limit ``db:<name>`` (limit 1) for each name that has none; return
    the tags created. Never raises: a server that cannot be asked costs the exclusion (logged as a
    warning), never the inspection."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    created = []
    try:
        with get_client(sync_client=True) as client:
            for name in names:
                tag = instance_tag(name)
                try:
                    client.read_concurrency_limit_by_tag(tag)
                except ObjectNotFound:
                    # the API's create is an upsert: only when missing, so an operator's limit stays
                    client.create_concurrency_limit(tag=tag, concurrency_limit=1)
                    created.append(tag)
    except Exception as exc:  # noqa: BLE001
        _logger().warning("per-instance concurrency limits not ensured (%s: %s): two runs may inspect the "
                          "same instance at once", type(exc).__name__, exc)
    return created


def _logger():
    try:
        return get_run_logger()
    except Exception:  # noqa: BLE001 - outside a flow run (tests, benches)
        import logging

        return logging.getLogger("dbpatrol.runner")


def run_tier(
    tier: str,
    *,
    instances: list[str] | None = None,
    business: str | None = None,
    host: str | None = None,
    window_days: float | None = 1,
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
    thresholds: dict | None = None,
    plan: str | None = None,
    plan_thresholds: dict | None = None,
    skip: list[str] | None = None,
    only: list[str] | None = None,
    plan_skip: list[str] | None = None,
    plan_only: list[str] | None = None,
    inventory: str | None = None,
    scheduled_time: dt.datetime | None = None,
    timezone: str | None = None,
    settings: Settings | None = None,
) -> InspectionResult:
    """Inspect the selected instances for one tier; never raises for an instance's failure."""
    settings = settings or load_settings()
    t0 = time.monotonic()
    inv: Inventory = load_inventory(inventory or settings.inventory_path())
    targets = inv.select(business=business, host=host, instances=instances)
    reg = registry.load()
    reg.validate_overrides(settings.thresholds)
    reg.validate_overrides(plan_thresholds)
    reg.validate_overrides(thresholds)
    selection = Selection.build(reg, settings=settings.disabled_checks, plan_skip=plan_skip, plan_only=plan_only,
                                skip=skip, only=only)
    window = resolve_window(window_start, window_end, window_days, scheduled_time, timezone=timezone or settings.timezone)
    overrides = [("plan", plan_thresholds or {}), ("run", thresholds or {})]
    zone_name = timezone or settings.timezone  # the report's zone: its times and its messages' times

    ensure_instance_limits([t.name for t in targets])
    hosts = HostPool(settings.connect_timeout)  # one SSH connection per host for the whole run
    try:
        futures = [
            inspect_instance.with_options(task_run_name=f"inspect-{t.name}", tags=[instance_tag(t.name)]).submit(
                t, tier, overrides, window, settings, selection, hosts, zone_name
            )
            for t in targets
        ]
        results = [f.result() for f in futures]
    finally:
        hosts.close()
    return InspectionResult(
        id=uuid.uuid4().hex,
        tier=tier,
        window_start=window[0],
        window_end=window[1],
        generated_at=dt.datetime.now(dt.timezone.utc),
        plan=plan,
        timezone=zone_name,
        business=business or (targets[0].business if len({t.business for t in targets}) == 1 else None),
        duration_s=round(time.monotonic() - t0, 3),
        instances=results,
    )
