"""The five tier flows. They differ only in their tier; everything else is flows/runner.py.

Each is a Prefect flow named ``dbpatrol-<tier>`` whose typed parameters render as a form in the
Prefect UI. Checks are selected from the registry by tier (cumulative); no flow holds a list.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner

import reports
from dbpatrol.settings import load_settings

from .events import emit_finished, missed_windows
from .publish import publish
from .runner import run_tier
from .window import DEFAULT_WINDOW_DAYS

Format = Literal["pdf", "html", "json", "csv", "xlsx"]
Lang = Literal["en", "zh-CN"]
ThresholdOverrides = dict[str, dict[str, dict[str, float | None]]]


def _max_workers() -> int:
    try:
        return load_settings().max_concurrency
    except Exception:  # noqa: BLE001 - bad settings are reported by the run itself
        return 8


def artifact_key(*parts: str) -> str:
    """Prefect artifact keys allow only [a-z0-9-]."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", "-".join(parts).lower())).strip("-")[:120]


def inspect_and_report(
    tier: str,
    *,
    instances: list[str] | None,
    business: str | None,
    host: str | None,
    window_days: float | None,
    window_start: dt.datetime | None,
    window_end: dt.datetime | None,
    thresholds: ThresholdOverrides | None,
    formats: list[str],
    lang: str,
    plan: str | None,
    plan_thresholds: ThresholdOverrides | None,
    inventory: str | None,
    out_dir: str | None,
    timezone: str | None = None,
    skip: list[str] | None = None,
    only: list[str] | None = None,
    plan_skip: list[str] | None = None,
    plan_only: list[str] | None = None,
) -> dict:
    logger = get_run_logger()
    settings = load_settings()
    result = run_tier(
        tier, instances=instances, business=business, host=host, window_days=window_days,
        window_start=window_start, window_end=window_end, thresholds=thresholds, plan=plan,
        plan_thresholds=plan_thresholds, inventory=inventory,
        scheduled_time=flow_run.scheduled_start_time, timezone=timezone, settings=settings,
        skip=skip, only=only, plan_skip=plan_skip, plan_only=plan_only,
    )
    result.flow_run_id = str(flow_run.id) if flow_run.id else None
    result.flow_run_name = flow_run.name
    if plan:  # windows of this plan that crashed runs left uninspected (the report says so)
        result.missed_windows = missed_windows(timezone or settings.timezone)
    saved = publish(result, formats=formats, lang=lang, out_dir=Path(out_dir) if out_dir else None,
                    settings=settings)
    key = artifact_key("dbpatrol", plan or tier)
    create_markdown_artifact(
        reports.summary_markdown(result, lang=lang, report_url=saved.get("url")), key=f"{key}-summary",
        description=f"dbpatrol {tier} inspection summary",
    )
    table = reports.findings_table(result)
    if table:
        create_table_artifact(table, key=f"{key}-findings", description="Findings that need attention")
    if saved.get("url"):
        create_link_artifact(saved["url"], link_text="Open the report", key=f"{key}-report",
                             description="The report in the dbpatrol report browser")
    logger.info("report %s: %s", result.id, {k: str(v) for k, v in saved.get("files", {}).items()})
    emit_finished(result, lang, saved.get("page") or saved.get("url"))  # what `dbpatrol notify` rules match
    return {
        "report_id": result.id,
        "window": [result.window_start.isoformat(), result.window_end.isoformat()],
        "worst": result.worst.value,
        "counts": result.counts(),
        # what still needs someone: the counts without acknowledged findings (`inspect --fail-on`)
        "live_counts": {o: sum(1 for i in result.instances for f in i.findings
                               if f.outcome.value == o and f.acknowledged is None) for o in ("CRITICAL", "WARNING")},
        "unreachable": [i.name for i in result.instances if not i.reachable],
        "files": {k: str(v) for k, v in saved.get("files", {}).items()},
        "url": saved.get("url"),
    }


def superseded_by() -> str | None:
    """Stale-run policy (docs/plans.md): an *auto-scheduled* run that starts when a later
    auto-scheduled run of the same deployment is already due was missed (no worker was up, or it
    is more than one period late). It is skipped — Completed, named "Skipped", with a message — and
    only the newest due run inspects, each run's window still ending at its own scheduled time.
    Returns the later run's scheduled time, or None to run normally. Never fails the run."""
    if not flow_run.id:
        return None
    try:
        from prefect import get_client
        from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                    FlowRunFilterExpectedStartTime, FlowRunFilterState,
                                                    FlowRunFilterStateType)
        from prefect.client.schemas.objects import StateType
        from prefect.client.schemas.sorting import FlowRunSort

        with get_client(sync_client=True) as client:
            me = client.read_flow_run(flow_run.id)
            if not me.deployment_id or not me.auto_scheduled or me.expected_start_time is None:
                return None
            mine = me.expected_start_time
            later = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[me.deployment_id])),
                flow_run_filter=FlowRunFilter(
                    expected_start_time=FlowRunFilterExpectedStartTime(
                        after_=mine + dt.timedelta(seconds=1), before_=dt.datetime.now(dt.timezone.utc)),
                    state=FlowRunFilterState(type=FlowRunFilterStateType(
                        not_any_=[StateType.CANCELLED, StateType.CANCELLING])),
                ),
                sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=20,
            )
        newer = [r for r in later if r.auto_scheduled and r.id != me.id]
        return newer[0].expected_start_time.isoformat() if newer else None
    except Exception:  # noqa: BLE001 - the policy is an optimisation; when unsure, inspect
        return None


def _tier_flow(tier: str):
    default_days = DEFAULT_WINDOW_DAYS[tier]

    @flow(
        name=f"dbpatrol-{tier}",
        description=f"dbpatrol {tier} inspection: every check whose tier is {tier} or more frequent.",
        task_runner=ThreadPoolTaskRunner(max_workers=_max_workers()),
        validate_parameters=True,
    )
    def tier_flow(
        instances: list[str] | None = None,
        business: str | None = None,
        host: str | None = None,
        window_days: float = default_days,
        window_start: dt.datetime | None = None,
        window_end: dt.datetime | None = None,
        thresholds: ThresholdOverrides | None = None,
        formats: list[Format] = ["pdf", "html", "json"],  # noqa: B006 - Prefect needs a JSON default
        lang: Lang = "en",
        plan: str | None = None,
        plan_thresholds: ThresholdOverrides | None = None,
        inventory: str | None = None,
        out_dir: str | None = None,
        timezone: str | None = None,
        skip: list[str] | None = None,
        only: list[str] | None = None,
        plan_skip: list[str] | None = None,
        plan_only: list[str] | None = None,
    ) -> dict:
        """Inspect the selected instances (all of them when nothing is selected).

        The window is [window_start, window_end] when given; otherwise it ends at this run's
        scheduled start time and spans window_days, so a late run still reads its own interval.

        Args:
            instances: Inspect only these instances (empty: the business/host selection, or all).
            business: Inspect the instances of this business (resolved when the run starts).
            host: Inspect the instances on this host (resolved when the run starts).
            window_days: Days the sampling window spans, ending at the scheduled start time.
            window_start: Explicit window start (ISO 8601 with offset); overrides window_days.
            window_end: Explicit window end (default: the scheduled start time).
            thresholds: Run overrides, {"CODE": {"threshold": {"warning": W, "critical": C}}}.
            formats: Report formats to write.
            lang: Report language.
            plan: The inspection plan this run belongs to (set by plans).
            plan_thresholds: The plan's threshold overrides (set by plans).
            inventory: Inventory file (absolute path; default: dbpatrol settings).
            out_dir: Also copy the report files here (they are always kept in the report store).
            timezone: Zone whose calendar days window_days counts (default: dbpatrol settings), so
                consecutive daily windows tile exactly across a DST change.
            skip: Do not run these checks: codes (RUN007) or categories (security).
            only: Run only these checks: codes or categories (skip wins over only).
            plan_skip: The plan's checks not to run (set by plans).
            plan_only: The plan's selection of checks (set by plans).
        """
        stale = superseded_by() if window_start is None and window_end is None else None
        if stale:
            message = (f"Skipped: a missed scheduled run; the later run scheduled at {stale} covers it "
                       f"(stale-run policy, docs/plans.md)")
            get_run_logger().warning(message)
            return Completed(name="Skipped", message=message, data={"skipped": True, "superseded_by": stale})
        return inspect_and_report(
            tier, instances=instances, business=business, host=host, window_days=window_days,
            window_start=window_start, window_end=window_end, thresholds=thresholds,
            formats=list(formats), lang=lang, plan=plan, plan_thresholds=plan_thresholds,
            inventory=inventory, out_dir=out_dir, timezone=timezone,
            skip=skip, only=only, plan_skip=plan_skip, plan_only=plan_only,
        )

    tier_flow.fn.__name__ = tier
    return tier_flow


daily = _tier_flow("daily")
weekly = _tier_flow("weekly")
monthly = _tier_flow("monthly")
semiannual = _tier_flow("semiannual")
annual = _tier_flow("annual")

TIER_FLOWS = {"daily": daily, "weekly": weekly, "monthly": monthly, "semiannual": semiannual, "annual": annual}
