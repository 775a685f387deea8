"""Every Prefect client operation on plans. One plan = one deployment of its tier's flow.

A plan's deployment:
- name = the plan name, flow = ``dbpatrol-<tier>``, entrypoint ``flows/tiers.py:<tier>``, path =
  the absolute project root with a ``set_working_directory`` pull step to it, work pool
  ``dbpatrol`` (process), tags ``dbpatrol-plan`` + tier;
- parameters (deployment level, so scheduled runs, ``plan run`` and the UI's Run all use them):
  plan, target, window_days, plan_thresholds, plan_skip / plan_only (inspection items), formats,
  lang, the inventory's absolute path;
- one slugged CronSchedule in the plan's timezone (two for clamped month-end days, see
  schedule.py), with no schedule-level parameters (the per-schedule update bug cannot wipe them);
- its description says the plan in words and holds the spec: ``schedule: `<spec>```.

Everything is validated by deployments.plan before the first client call. The async functions
(``a*``) are the implementation; the plain ones run them with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import functools
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from dbpatrol.errors import UserError

from .plan import PLAN_TAG, TIERS, Plan, PlanError, build_plan
from .schedule import next_fire_times, parse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORK_POOL = "dbpatrol"
BASE_DEPLOYMENT = "immediate"  # prefect.yaml's unscheduled deployment of each tier flow
_SPEC_RE = re.compile(r"schedule: `([^`]+)`")
_PAGE = 200
_LAST_RUN_PAGES = 5  # plan list: pages of recent runs read before asking plan by plan


@dataclass
class RunInfo:
    id: str
    name: str
    state: str
    scheduled: dt.datetime | None
    started: dt.datetime | None = None


@dataclass
class PlanInfo:
    """A plan as the server holds it, with what `plan list` / `plan show` print."""

    plan: Plan
    deployment_id: str
    paused: bool
    crons: list[str]
    words: str
    next_run: dt.datetime | None = None
    last_run: RunInfo | None = None
    upcoming: list[RunInfo] = field(default_factory=list)
    recent: list[RunInfo] = field(default_factory=list)
    updated: dt.datetime | None = None
    # runs that had not started and were removed by `pause` (manual ones too: a paused plan does not run)
    removed: list[RunInfo] = field(default_factory=list)
    removed_manual: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = {
            "name": self.plan.name, "tier": self.plan.tier, "schedule": self.plan.schedule,
            "schedule_words": self.words, "cron": self.crons, "timezone": self.plan.timezone,
            "paused": self.paused, "deployment_id": self.deployment_id,
            "deployment": self.plan.deployment_name,
            "next_run": _iso(self.next_run),
            "last_run": _run_dict(self.last_run),
            "target": {"instances": self.plan.instances, "business": self.plan.business, "host": self.plan.host},
            "window_days": self.plan.window_days, "thresholds": self.plan.thresholds,
            "skip": self.plan.skip, "only": self.plan.only,
            "formats": self.plan.formats, "lang": self.plan.lang, "inventory": self.plan.inventory,
        }
        if self.upcoming or self.recent:
            d["upcoming"] = [_run_dict(r) for r in self.upcoming]
            d["recent"] = [_run_dict(r) for r in self.recent]
        if self.removed:
            d["removed_runs"] = [_run_dict(r) for r in self.removed]
            d["removed_manual_runs"] = self.removed_manual
        return d


def _iso(t: dt.datetime | None) -> str | None:
    return t.isoformat() if t else None


def _run_dict(r: RunInfo | None) -> dict | None:
    if r is None:
        return None
    d = asdict(r)
    d["scheduled"], d["started"] = _iso(r.scheduled), _iso(r.started)
    return d


def _plain(t) -> dt.datetime | None:
    """Prefect hands out pendulum-ish subclasses; make them plain tz-aware datetimes."""
    if t is None:
        return None
    return dt.datetime.fromtimestamp(t.timestamp(), dt.timezone.utc)


# ----- helpers on the client ---------------------------------------------------------------------


def _client():
    """A Prefect client that asks for uncompressed responses: the server gzips every response over
    1 KB at level 9, on loopback pure cost (a 1,000-plan list: ~0.35 s of the server's ~0.9 s of CPU)."""
    from prefect import get_client

    return get_client(httpx_settings={"headers": {"Accept-Encoding": "identity"}})


async def ensure_work_pool(client, name: str = WORK_POOL) -> None:
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    try:
        await client.read_work_pool(name)
    except ObjectNotFound:
        try:
            await client.create_work_pool(WorkPoolCreate(name=name, type="process"))
        except ObjectAlreadyExists:
            pass


# Flow parameters a plan sets for its runs; a user never types them in the UI's custom-run form.
INTERNAL_PARAMETERS = ("plan", "plan_thresholds", "plan_skip", "plan_only", "inventory", "out_dir")


@functools.lru_cache(maxsize=None)
def _tier_schema(tier: str) -> str:
    """The tier flow's form schema without the inventory's choices, as JSON (computed once per
    process: Prefect builds it from the flow's signature, ~50 ms of CPU per call; issue 13 item 5)."""
    from prefect.utilities.callables import parameter_schema

    from flows.tiers import TIER_FLOWS

    schema = parameter_schema(TIER_FLOWS[tier]).model_dump_for_openapi()
    props = schema.get("properties", {})
    for key in INTERNAL_PARAMETERS:
        props.pop(key, None)
    if "required" in schema:
        schema["required"] = [k for k in schema["required"] if k in props]
    for prop in props.values():
        branches = prop.get("anyOf")
        if branches and any(b.get("type") == "null" for b in branches):
            kept = [b for b in branches if b.get("type") != "null"]
            if len(kept) == 1:
                prop.pop("anyOf")
                prop.update(kept[0])
            else:
                prop["anyOf"] = kept
            if prop.get("default", 0) is None:
                prop.pop("default")
    return json.dumps(schema)


def form_schema(tier: str, inventory: str | None = None, inv=None) -> dict[str, Any]:
    """The tier flow's parameter schema as the Prefect UI's run form shows it: what a user sets
    (issue 14 item 16: the internal parameters are left out — a plan's runs still get them from its
    deployment's parameters — and an optional field is just its type, not "X or null" with a
    "None" default in every box), with the inventory's names as choices. ``inv``: the inventory
    already loaded (else it is read from ``inventory`` or the settings)."""
    schema = json.loads(_tier_schema(tier))
    if inv is not None:
        return _with_choices(schema, inv)
    try:
        from dbpatrol.inventory import load_inventory
        from dbpatrol.settings import load_settings

        inv = load_inventory(inventory or load_settings().inventory_path())
    except UserError:
        return schema  # no readable inventory: free text instead of choices
    return _with_choices(schema, inv)


def _with_choices(schema: dict[str, Any], inv) -> dict[str, Any]:
    targets = inv.targets
    choices = {
        "instances": sorted({t.name for t in targets}),
        "business": sorted({t.business for t in targets}),
        "host": sorted({t.host for t in targets}),
    }
    props = schema.get("properties", {})
    for key, names in choices.items():
        prop = props.get(key)
        if not prop or not names:
            continue
        for branch in prop.get("anyOf", [prop]):
            if branch.get("type") == "array" and branch.get("items", {}).get("type") == "string":
                branch["items"]["enum"] = names
                branch["uniqueItems"] = True
            elif branch.get("type") == "string":
                branch["enum"] = names
    return schema


def pull_steps(root: Path = PROJECT_ROOT) -> list[dict[str, Any]]:
    """Run in the project directory itself. (With a `path` and no pull step, Prefect would copy
    the whole directory, .venv included, into a temporary directory for every run.)"""
    return [{"prefect.deployments.steps.set_working_directory": {"directory": str(root)}}]


def _description(plan: Plan) -> str:
    s = plan.parsed_schedule
    return (
        f"dbpatrol inspection plan **{plan.name}** ({plan.tier} tier): {s.words()}, {plan.timezone}; "
        f"{plan.target_words()}; window {plan.window_days:g} days.\n\n"
        f"schedule: `{plan.schedule}`\n\n"
        f"Managed with `dbpatrol plan`; `dbpatrol plan update {plan.name}` replaces edits made here."
    )


PAUSED_TAG = "paused"


def _tags(plan: Plan, paused: bool = False) -> list[str]:
    """The deployment's tags: the plan tag and tier (what dbpatrol filters and reads back), and for
    the Prefect UI's deployments list — which shows tags, a schedule count and a status that stays
    "Ready" when paused — the schedule in words and, while paused, "paused" (issue 14 item 16)."""
    tags = [PLAN_TAG, plan.tier]
    try:
        tags.append(f"schedule: {plan.parsed_schedule.words()} ({plan.timezone})"[:100])
    except Exception:  # noqa: BLE001 - a hand-edited deployment: its tags without the words
        pass
    return tags + [PAUSED_TAG] if paused else tags


def _slugs(plan: Plan) -> list[str]:
    return [plan.name if i == 0 else f"{plan.name}-month-end" for i in range(len(plan.crons))]


def _schedule_creates(plan: Plan):
    from prefect.client.schemas.actions import DeploymentScheduleCreate
    from prefect.client.schemas.schedules import CronSchedule

    return [DeploymentScheduleCreate(schedule=CronSchedule(cron=c, timezone=plan.timezone), slug=slug,
                                     active=True, parameters={})
            for c, slug in zip(plan.crons, _slugs(plan))]


def _schedule_updates(plan: Plan):
    from prefect.client.schemas.actions import DeploymentScheduleUpdate
    from prefect.client.schemas.schedules import CronSchedule

    return [DeploymentScheduleUpdate(schedule=CronSchedule(cron=c, timezone=plan.timezone), slug=slug,
                                     active=True, parameters={})
            for c, slug in zip(plan.crons, _slugs(plan))]


async def _find(client, name: str, plans_only: bool = True):
    """The deployment(s) named `name` under any dbpatrol tier flow."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName, DeploymentFilterTags, FlowFilter, FlowFilterName

    deps = await client.read_deployments(
        deployment_filter=DeploymentFilter(
            name=DeploymentFilterName(any_=[name]),
            tags=DeploymentFilterTags(all_=[PLAN_TAG]) if plans_only else None,
        ),
        flow_filter=FlowFilter(name=FlowFilterName(any_=[f"dbpatrol-{t}" for t in TIERS])),
    )
    return [d for d in deps if d.name == name]


async def _read_all_deployments(client, deployment_filter, flow_filter=None, sort=None) -> list:
    """Every deployment the filters match, page by page (_PAGE a request)."""
    deps, offset = [], 0
    while True:
        page = await client.read_deployments(deployment_filter=deployment_filter, flow_filter=flow_filter,
                                             sort=sort, limit=_PAGE, offset=offset)
        deps.extend(page)
        if len(page) < _PAGE:
            return deps
        offset += _PAGE


async def _get(client, name: str):
    found = await _find(client, name)
    if not found:
        raise PlanError(f"no plan named {name!r} (see `dbpatrol plan list`)")
    return found[0]


def plan_from_deployment(dep) -> Plan:
    """Rebuild the Plan from its deployment (tolerant: a hand-edited deployment still shows)."""
    params = dict(dep.parameters or {})
    tier = next((t for t in TIERS if t in (dep.tags or [])), None) or "daily"
    m = _SPEC_RE.search(dep.description or "")
    schedules = sorted(dep.schedules or [], key=lambda s: s.slug or "")
    cron0 = getattr(schedules[0].schedule, "cron", None) if schedules else None
    tz = (getattr(schedules[0].schedule, "timezone", None) if schedules else None) or "UTC"
    spec = m[1] if m else (f'cron "{cron0}"' if cron0 else "")
    data = {
        "name": dep.name, "tier": tier, "schedule": spec, "timezone": tz,
        "instances": params.get("instances"), "business": params.get("business"), "host": params.get("host"),
        "window_days": params.get("window_days"), "thresholds": params.get("plan_thresholds") or {},
        "skip": params.get("plan_skip") or [], "only": params.get("plan_only") or [],
        "formats": params.get("formats") or ["pdf", "html", "json"], "lang": params.get("lang") or "en",
        "inventory": params.get("inventory"),
    }
    try:
        return Plan(**data)
    except Exception:  # noqa: BLE001 - show what is there rather than fail
        return Plan.model_construct(**data)


def _info(dep, now: dt.datetime | None = None) -> PlanInfo:
    plan = plan_from_deployment(dep)
    scheds = sorted((s for s in (dep.schedules or []) if getattr(s.schedule, "cron", None)), key=lambda s: s.slug or "")
    crons = [s.schedule.cron for s in scheds]
    active = [s.schedule.cron for s in scheds if s.active]
    try:
        words = parse(plan.schedule).words()
    except UserError:
        words = "cron " + " | ".join(crons)
    nxt = None
    if not dep.paused and active:
        times = next_fire_times(active, plan.timezone, 1, now)
        nxt = times[0] if times else None
    return PlanInfo(plan=plan, deployment_id=str(dep.id), paused=bool(dep.paused), crons=crons,
                    words=words, next_run=nxt, updated=_plain(dep.updated))


def _run_info(fr) -> RunInfo:
    return RunInfo(id=str(fr.id), name=fr.name, state=(fr.state.name if fr.state else "?"),
                   scheduled=_plain(fr.expected_start_time), started=_plain(fr.start_time))


async def _runs(client, dep_id, *, past: bool, limit: int, now: dt.datetime):
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterExpectedStartTime)
    from prefect.client.schemas.sorting import FlowRunSort

    window = (FlowRunFilterExpectedStartTime(before_=now) if past else FlowRunFilterExpectedStartTime(after_=now))
    runs = await client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep_id])),
        flow_run_filter=FlowRunFilter(expected_start_time=window),
        sort=FlowRunSort.EXPECTED_START_TIME_DESC if past else FlowRunSort.EXPECTED_START_TIME_ASC,
        limit=limit,
    )
    return [_run_info(r) for r in runs]


async def _nudge(client, dep_id, description: str) -> None:
    """Bump the deployment so the scheduler's 5 s 'recent deployments' loop refills its runs
    (otherwise up to 60 s after a schedule change; prefect-notes.md §3)."""
    from prefect.client.schemas.actions import DeploymentUpdate

    await client.update_deployment(dep_id, DeploymentUpdate(description=description))


# ----- the API (async) ---------------------------------------------------------------------------


async def acreate_plan(plan: Plan | None = None, *, work_pool: str = WORK_POOL, **fields: Any) -> PlanInfo:
    """Create a plan; fails (PlanError) if any dbpatrol deployment already has its name.
    ``work_pool`` is for tests and special setups; plans normally share the ``dbpatrol`` pool."""
    plan = plan.check_references() if plan is not None else build_plan(**fields)
    return (await acreate_plans([plan], work_pool=work_pool, check=False))[0]


# Plan deployments do not ask the server to enforce their parameter schema: with it, Prefect's server
# checks the schema against the JSON-Schema metaschema twice and the parameters against it on every
# create, ~35 of its ~80 ms of CPU per plan (bench/plans.py, A/B on one server). The plan's parameters
# are validated here, more strictly (inventory, registry), before any call; what is lost is the UI's
# up-front check of a *custom* run's edited values on a plan's page (a bad value then fails that run
# at start, "Validation of flow parameters failed"). The base `immediate` deployments, the UI's way
# to run an inspection with a form, keep enforcement (prefect.yaml).
ENFORCE_PLAN_SCHEMA = False
CREATE_CONCURRENCY = 8  # requests in flight while creating many plans (the server has its own pool of 5+10 DB connections)


async def acreate_plans(plans: list[Plan], *, work_pool: str = WORK_POOL, concurrency: int = CREATE_CONCURRENCY,
                        check: bool = True) -> list[PlanInfo]:
    """Create many plans at once (``dbpatrol plan import``), all or none: every plan is validated
    and every name checked free (one filtered query per 100 names) before the first is created;
    then the work pool is ensured and each tier's flow created once, and the deployments are
    created ``concurrency`` at a time, one request each (issue 13 item 5: six requests a plan
    before, three of them re-reading the same pool, flow and the deployment just written). If the
    server refuses one, the plans created by this call are deleted again and PlanError (a 4xx) or
    the error itself is raised. ``check=False``: the plans come from build_plan / load_plans_file,
    whose references are checked already."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName, FlowFilter, FlowFilterName

    inventories: dict[str, Any] = {}
    if check:
        plans = [p.check_references(inventories) for p in plans]
    names = [p.name for p in plans]
    dup = sorted(n for n, k in collections.Counter(names).items() if k > 1)
    if dup:
        raise PlanError(f"plan name(s) given twice: {', '.join(dup)}")
    schemas = {(p.tier, p.inventory): None for p in plans}
    for tier, inv_path in schemas:
        schemas[(tier, inv_path)] = form_schema(tier, inv_path, inventories.get(inv_path))
    async with _client() as client:
        taken: list[str] = []
        for i in range(0, len(names), 100):
            chunk = names[i:i + 100]
            deps = await _read_all_deployments(
                client, DeploymentFilter(name=DeploymentFilterName(any_=chunk)),
                FlowFilter(name=FlowFilterName(any_=[f"dbpatrol-{t}" for t in TIERS])))
            taken += sorted({d.name for d in deps if d.name in chunk})
        if taken:
            shown = ", ".join(taken[:20]) + (f" … and {len(taken) - 20} more" if len(taken) > 20 else "")
            one = taken[0] if len(taken) == 1 else "NAME"
            raise PlanError(f"{'a plan' if len(taken) == 1 else f'{len(taken)} plans'} named {shown} already "
                            f"exist{'s' if len(taken) == 1 else ''}; nothing was created (use `dbpatrol plan update {one}`)")
        await ensure_work_pool(client, work_pool)
        flow_ids = {tier: await client.create_flow_from_name(f"dbpatrol-{tier}")
                    for tier in dict.fromkeys(p.tier for p in plans)}
        sem = asyncio.Semaphore(max(1, concurrency))
        created: dict[str, Any] = {}

        async def create(plan: Plan):
            async with sem:
                dep_id = await client.create_deployment(
                    flow_id=flow_ids[plan.tier], name=plan.name, work_pool_name=work_pool,
                    path=str(PROJECT_ROOT), entrypoint=f"flows/tiers.py:{plan.tier}", pull_steps=pull_steps(),
                    parameters=plan.flow_parameters(), parameter_openapi_schema=schemas[(plan.tier, plan.inventory)],
                    enforce_parameter_schema=ENFORCE_PLAN_SCHEMA, tags=_tags(plan), description=_description(plan),
                    schedules=_schedule_creates(plan), paused=False,
                )
                created[plan.name] = dep_id
                return dep_id

        results = await asyncio.gather(*(create(p) for p in plans), return_exceptions=True)
        failed = [(p, r) for p, r in zip(plans, results) if isinstance(r, BaseException)]
        if failed:
            await _undo(client, list(created.values()), sem)
            plan, exc = failed[0]
            status = getattr(getattr(exc, "response", None), "status_code", None)
            if status is not None and 400 <= status < 500:
                detail = _detail(exc)
                raise PlanError(f"the Prefect server refused plan {plan.name!r} ({status}: {detail}); "
                                f"{len(failed)} of {len(plans)} failed and nothing was kept") from None
            raise exc
    now = dt.datetime.now(dt.timezone.utc)
    return [_new_info(p, str(created[p.name]), now) for p in plans]


def _detail(exc) -> str:
    try:
        return str(exc.response.json().get("detail"))[:500]
    except Exception:  # noqa: BLE001 - not JSON
        return str(exc)[:500]


async def _undo(client, dep_ids: list, sem: asyncio.Semaphore) -> None:
    """Delete deployments this call created (a batch is all or none); best effort."""
    async def one(dep_id):
        async with sem:
            try:
                await client.delete_deployment(dep_id)
            except Exception:  # noqa: BLE001 - the error being reported matters more
                pass

    await asyncio.gather(*(one(d) for d in dep_ids))


def _new_info(plan: Plan, dep_id: str, now: dt.datetime) -> PlanInfo:
    """What the server now holds for a plan just created, without reading it back: the same
    PlanInfo that `_info` makes of the deployment (next run from the crons, the scheduler's code)."""
    crons = plan.crons  # in slug order (<name>, <name>-month-end), as _info sorts them
    times = next_fire_times(crons, plan.timezone, 1, now)
    return PlanInfo(plan=plan, deployment_id=dep_id, paused=False, crons=crons,
                    words=plan.parsed_schedule.words(), next_run=times[0] if times else None, updated=now)


UNSET: Any = object()


async def aupdate_plan(name: str, **changes: Any) -> PlanInfo:
    """Change a plan in place: same deployment (id, run history), new parameters and/or cron.

    Changes are Plan fields; a field left out (or None) keeps its value. Giving ``instances``
    replaces a business/host target and vice versa. The tier cannot change (a deployment belongs
    to one flow): delete the plan and create it again.
    """
    changes = {k: v for k, v in changes.items() if v is not None and v is not UNSET}
    async with _client() as client:
        dep = await _get(client, name)
        current = plan_from_deployment(dep)
        if "tier" in changes and changes["tier"] not in TIERS:
            raise PlanError(f"unknown tier {changes['tier']!r}: one of {', '.join(TIERS)}")
        if "tier" in changes and changes["tier"] != current.tier:
            raise PlanError(f"plan {name!r} is a {current.tier} plan; the tier cannot change "
                            f"(delete it and create it again)")
        if "name" in changes and changes["name"] != name:
            raise PlanError("a plan cannot be renamed; create a new one and delete the old one")
        data = current.model_dump()
        if changes.get("instances"):
            data["business"] = data["host"] = None
        if changes.get("business") or changes.get("host"):
            data["instances"] = None
        data.update(changes)
        plan = build_plan(**data)
        from prefect.client.schemas.actions import DeploymentUpdate

        await client.update_deployment(dep.id, DeploymentUpdate(
            path=str(PROJECT_ROOT), entrypoint=f"flows/tiers.py:{plan.tier}", pull_steps=pull_steps(),
            parameters=plan.flow_parameters(), description=_description(plan),
            tags=_tags(plan, dep.paused), parameter_openapi_schema=form_schema(plan.tier, plan.inventory),
            schedules=_schedule_updates(plan),
        ))
        wanted = set(_slugs(plan))
        for s in await client.read_deployment_schedules(dep.id):
            if s.slug not in wanted:
                await client.delete_deployment_schedule(dep.id, s.id)
        await _nudge(client, dep.id, _description(plan))
        return _info(await client.read_deployment(dep.id))


async def _retag(client, dep, paused: bool) -> None:
    from prefect.client.schemas.actions import DeploymentUpdate

    await client.update_deployment(dep.id, DeploymentUpdate(tags=_tags(plan_from_deployment(dep), paused)))


async def _delete_pending(client, dep_id, auto_only: bool) -> tuple[list[RunInfo], int]:
    """Delete the deployment's runs still in a SCHEDULED state (Late ones included); returns those
    removed and how many of them were asked for by hand (not auto-scheduled)."""
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType

    pending = await client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep_id])),
        flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))),
    )
    removed: list[RunInfo] = []
    manual = 0
    for fr in pending:
        if fr.run_count == 0 and (fr.auto_scheduled or not auto_only):
            await client.delete_flow_run(fr.id)
            removed.append(_run_info(fr))
            manual += 0 if fr.auto_scheduled else 1
    return removed, manual


async def apause_plan(name: str) -> PlanInfo:
    """Pause the plan's deployment: no runs until resume. Prefect's pause removes the
    auto-scheduled runs; runs still waiting that were asked for by hand (`plan run` while no
    worker was up, the UI's Run for later) would still be run by a worker while the plan is
    paused, so every run that has not started yet is removed."""
    async with _client() as client:
        dep = await _get(client, name)
        await client.pause_deployment(dep.id)
        await _retag(client, dep, paused=True)
        removed, manual = await _delete_pending(client, dep.id, auto_only=False)
        info = _info(await client.read_deployment(dep.id))
        info.removed, info.removed_manual = removed, manual
        return info


async def aresume_plan(name: str) -> PlanInfo:
    async with _client() as client:
        dep = await _get(client, name)
        await client.resume_deployment(dep.id)
        await _retag(client, dep, paused=False)
        await _nudge(client, dep.id, dep.description or "")
        return _info(await client.read_deployment(dep.id))


async def adelete_plan(name: str) -> str:
    """Delete the plan's deployment and its future (scheduled, also Late) runs; past runs stay."""
    async with _client() as client:
        dep = await _get(client, name)
        await client.pause_deployment(dep.id)  # stops the scheduler adding runs while we delete
        await _delete_pending(client, dep.id, auto_only=False)
        await client.delete_deployment(dep.id)
        return str(dep.id)


async def ashow_plan(name: str, runs: int = 5) -> PlanInfo:
    async with _client() as client:
        dep = await _get(client, name)
        info = _info(dep)
        now = dt.datetime.now(dt.timezone.utc)
        info.upcoming = await _runs(client, dep.id, past=False, limit=runs, now=now)
        info.recent = await _runs(client, dep.id, past=True, limit=runs, now=now)
        info.last_run = info.recent[0] if info.recent else None
        if info.upcoming and not info.paused:
            info.next_run = info.upcoming[0].scheduled
        return info


async def alist_plans(concurrency: int = 16) -> list[PlanInfo]:
    """Every plan with its next run (from its cron, the scheduler's own code) and last run: the plan
    deployments (one filtered query, its pages fetched at once) and, meanwhile, their runs newest
    first (one filtered query, paged; plan by plan only for plans whose last run is older than
    _LAST_RUN_PAGES pages of the others')."""
    now = dt.datetime.now(dt.timezone.utc)
    async with _client() as client:
        first_runs = asyncio.ensure_future(_runs_page(client, 0, now))
        try:
            infos = await _plan_deployments(client, lambda d: _info(d, now))
        except BaseException:
            first_runs.cancel()
            raise
        found, complete = await _last_runs(client, {i.deployment_id for i in infos}, now, await first_runs)
        for info in infos:
            info.last_run = found.get(info.deployment_id)
        sem = asyncio.Semaphore(concurrency)

        async def last(info: PlanInfo):
            async with sem:
                recent = await _runs(client, UUID(info.deployment_id), past=True, limit=1, now=now)
                info.last_run = recent[0] if recent else None

        if not complete:  # plans whose last run is older than _LAST_RUN_PAGES pages of the others' runs
            await asyncio.gather(*(last(i) for i in infos if i.last_run is None))
        return infos


async def _plan_deployments(client, each=lambda d: d) -> list:
    """``each`` of every plan deployment, by name; ``each`` gets a light object with the fields
    `_info` reads. The filter is counted first so that its pages are asked for at once, and each page
    is handled as it arrives (the client computes next runs while the server serialises the next
    page). Pages are read as plain JSON: 1,000 DeploymentResponse models cost the client ~0.4 s of
    CPU, mostly re-validating cron strings and parameter schemas (issue 13 item 5)."""
    import orjson
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterTags

    body = {"deployments": DeploymentFilter(tags=DeploymentFilterTags(all_=[PLAN_TAG])).model_dump(mode="json")}
    count = int((await client.request("POST", "/deployments/count", json=body)).json())

    async def page(no: int) -> tuple[int, list[dict]]:
        r = await client.request("POST", "/deployments/filter",
                                 json={**body, "sort": "NAME_ASC", "limit": _PAGE, "offset": no * _PAGE})
        return no, orjson.loads(r.content)

    pages: dict[int, list] = {}
    seen: set[str] = set()
    full: set[int] = set()

    def handle(no: int, rows: list[dict]) -> None:
        if len(rows) == _PAGE:
            full.add(no)
        fresh = [d for d in rows if d["id"] not in seen]  # a plan created meanwhile shifts the pages
        seen.update(d["id"] for d in fresh)
        pages[no] = [each(_light_deployment(d)) for d in fresh]

    for fut in asyncio.as_completed([page(no) for no in range(max(1, -(-count // _PAGE)))]):
        handle(*await fut)
    while max(pages) in full:  # more plans than counted: created since the count
        handle(*await page(max(pages) + 1))
    return [x for no in sorted(pages) for x in pages[no]]


def _light_deployment(d: dict) -> SimpleNamespace:
    def when(v):
        return dt.datetime.fromisoformat(v) if isinstance(v, str) else None

    return SimpleNamespace(
        id=d["id"], name=d["name"], tags=d.get("tags") or [], description=d.get("description"),
        parameters=d.get("parameters") or {}, paused=bool(d.get("paused")), updated=when(d.get("updated")),
        schedules=[SimpleNamespace(slug=sc.get("slug"), active=sc.get("active", True),
                                   schedule=SimpleNamespace(**{str(k): v for k, v in (sc.get("schedule") or {}).items()}))
                   for sc in d.get("schedules") or []])


async def _runs_page(client, page_no: int, now: dt.datetime) -> list:
    """The plans' runs due before now, newest first: page ``page_no``."""
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterTags, FlowRunFilter,
                                                FlowRunFilterExpectedStartTime)
    from prefect.client.schemas.sorting import FlowRunSort

    return await client.read_flow_runs(
        deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=[PLAN_TAG])),
        flow_run_filter=FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(before_=now)),
        sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=_PAGE, offset=page_no * _PAGE)


async def _last_runs(client, wanted: set[str], now: dt.datetime, first: list | None = None
                     ) -> tuple[dict[str, RunInfo], bool]:
    """Each plan deployment's last run (expected start before now), from the plans' runs newest first,
    page by page (issue 13 item 5: one filtered query while they fit a page, not one per plan);
    ``first``: page 0, already read. Returns (deployment id → its last run, complete): complete when
    every plan has one or the runs ran out; otherwise the caller asks for the plans still missing
    one by one."""
    found: dict[str, RunInfo] = {}
    for page_no in range(_LAST_RUN_PAGES):
        page = first if page_no == 0 and first is not None else await _runs_page(client, page_no, now)
        for r in page:
            key = str(r.deployment_id)
            if key in wanted and key not in found:
                found[key] = _run_info(r)
        if len(page) < _PAGE or len(found) == len(wanted):
            return found, True
    return found, False


# ----- the API (sync) ----------------------------------------------------------------------------


def create_plan(plan: Plan | None = None, **fields: Any) -> PlanInfo:
    return asyncio.run(acreate_plan(plan, **fields))


def create_plans(plans: list[Plan], concurrency: int = CREATE_CONCURRENCY, check: bool = True) -> list[PlanInfo]:
    return asyncio.run(acreate_plans(plans, concurrency=concurrency, check=check))


def update_plan(name: str, **changes: Any) -> PlanInfo:
    return asyncio.run(aupdate_plan(name, **changes))


def pause_plan(name: str) -> PlanInfo:
    return asyncio.run(apause_plan(name))


def resume_plan(name: str) -> PlanInfo:
    return asyncio.run(aresume_plan(name))


def delete_plan(name: str) -> str:
    return asyncio.run(adelete_plan(name))


def show_plan(name: str, runs: int = 5) -> PlanInfo:
    return asyncio.run(ashow_plan(name, runs))


def list_plans() -> list[PlanInfo]:
    return asyncio.run(alist_plans())


def run_plan(name: str, wait: bool = False, timeout: float | None = None,
             scheduled_time: dt.datetime | None = None):
    """Run the plan now with its own parameters; returns the FlowRun (final state if wait).

    The window ends at the run's scheduled time: now, or ``scheduled_time`` to re-inspect a past
    window. Runs on the ``dbpatrol`` pool, so a worker must be up.
    """
    from prefect.deployments import run_deployment

    from flows.window import aware, utcnow

    if scheduled_time is not None:
        scheduled_time = aware(scheduled_time, "--at")
        if scheduled_time > utcnow():  # it would wait on the server until then, not run now
            raise PlanError(f"--at {scheduled_time.isoformat()} is in the future; a run re-inspects a past "
                            f"window (leave --at out to run now)")

    async def _dep():
        async with _client() as client:
            return await _get(client, name)

    dep = asyncio.run(_dep())
    plan = plan_from_deployment(dep)
    return run_deployment(
        name=plan.deployment_name, timeout=(timeout if wait else 0), scheduled_time=scheduled_time,
        tags=[PLAN_TAG, "manual"], poll_interval=2,
    )
