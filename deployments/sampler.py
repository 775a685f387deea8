"""The sampler's deployment: ``dbpatrol-sampler/sampler`` with one interval schedule.

``start`` creates the deployment when it is missing (as plans are created: this clone's path, a
``set_working_directory`` pull step, the ``dbpatrol`` process pool) or updates its interval, and
makes it run; ``stop`` pauses it (Prefect deletes its scheduled runs; snapshots stay); ``status``
says whether it runs, how often, and when next. prefect.yaml declares the same deployment, paused,
so `dbpatrol deploy` registers it without starting it; the schedule's slug is fixed, so a redeploy
keeps what `start` set (prefect-notes.md §9).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from dbpatrol.errors import UserError
from flows.window import parse_duration

from .ops import PROJECT_ROOT, WORK_POOL, _client, _plain, ensure_work_pool, pull_steps

FLOW = "dbpatrol-sampler"
NAME = "sampler"
SLUG = "sampler-interval"
TAGS = ["dbpatrol", "sampler"]
MIN_EVERY = dt.timedelta(minutes=1)
MAX_EVERY = dt.timedelta(days=1)


class SamplerError(UserError):
    pass


@dataclass
class SamplerInfo:
    deployment_id: str
    running: bool
    every: dt.timedelta | None
    next_run: dt.datetime | None
    parameters: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"deployment": f"{FLOW}/{NAME}", "deployment_id": self.deployment_id, "running": self.running,
                "every_s": self.every.total_seconds() if self.every else None,
                "next_run": self.next_run.isoformat() if self.next_run else None, "parameters": self.parameters}


def every_of(text: str | None) -> dt.timedelta:
    if text is None:
        return dt.timedelta(minutes=15)
    try:
        every = parse_duration(text)
    except UserError:
        raise SamplerError(f"--every {text!r}: expected a number and a unit m/h/d, e.g. 15m or 1h") from None
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise SamplerError(f"--every {text!r}: between 1m and 1d (a sample every few minutes to hours)")
    return every


async def _find(client):
    from prefect.exceptions import ObjectNotFound

    try:
        return await client.read_deployment_by_name(f"{FLOW}/{NAME}")
    except ObjectNotFound:
        return None


def _schedule(every: dt.timedelta, update: bool = False):
    from prefect.client.schemas.actions import DeploymentScheduleCreate, DeploymentScheduleUpdate
    from prefect.client.schemas.schedules import IntervalSchedule

    cls = DeploymentScheduleUpdate if update else DeploymentScheduleCreate
    return cls(schedule=IntervalSchedule(interval=every), slug=SLUG, active=True, parameters={})


async def _info(client, dep) -> SamplerInfo:
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    sched = next((s for s in (dep.schedules or []) if s.slug == SLUG), None)
    every = getattr(sched.schedule, "interval", None) if sched else None
    running = not dep.paused and bool(sched and sched.active)
    nxt = None
    if running:
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep.id])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=1)
        nxt = _plain(runs[0].expected_start_time) if runs else None
    return SamplerInfo(str(dep.id), running, every, nxt, dict(dep.parameters or {}))


async def astart(every: dt.timedelta, *, inventory: str | None = None, retention_days: float | None = None,
                 work_pool: str = WORK_POOL) -> SamplerInfo:
    params: dict[str, Any] = {}
    if inventory:
        params["inventory"] = inventory
    if retention_days is not None:
        if not 1 <= retention_days <= 3660:
            raise SamplerError(f"--retention-days {retention_days:g}: between 1 and 3660")
        params["retention_days"] = retention_days
    async with _client() as client:
        dep = await _find(client)
        if dep is None:
            await ensure_work_pool(client, work_pool)
            flow_id = await client.create_flow_from_name(FLOW)
            dep_id = await client.create_deployment(
                flow_id=flow_id, name=NAME, work_pool_name=work_pool, path=str(PROJECT_ROOT),
                entrypoint="flows/sampler.py:sampler", pull_steps=pull_steps(), parameters=params, tags=TAGS,
                description="dbpatrol sampler: snapshots every inventory instance's counters (`dbpatrol sampler`).",
                schedules=[_schedule(every)], paused=False)
        else:
            from prefect.client.schemas.actions import DeploymentUpdate

            merged = {**(dep.parameters or {}), **params}
            await client.update_deployment(dep.id, DeploymentUpdate(
                path=str(PROJECT_ROOT), entrypoint="flows/sampler.py:sampler", pull_steps=pull_steps(),
                parameters=merged, schedules=[_schedule(every, update=True)]))
            await client.resume_deployment(dep.id)
            dep_id = dep.id
        return await _info(client, await client.read_deployment(dep_id))


async def astop() -> SamplerInfo:
    async with _client() as client:
        dep = await _find(client)
        if dep is None:
            raise SamplerError("the sampler is not deployed (start it with `dbpatrol sampler start`)")
        await client.pause_deployment(dep.id)
        return await _info(client, await client.read_deployment(dep.id))


async def astatus() -> SamplerInfo | None:
    async with _client() as client:
        dep = await _find(client)
        return None if dep is None else await _info(client, dep)


def start(every: dt.timedelta, **kw: Any) -> SamplerInfo:
    return asyncio.run(astart(every, **kw))


def stop() -> SamplerInfo:
    return asyncio.run(astop())


def status() -> SamplerInfo | None:
    return asyncio.run(astatus())
