"""What an inspection tells Prefect besides its artifacts.

- :func:`emit_finished` — the ``dbpatrol.inspection.finished`` event (reports/message.py has its
  labels and payload), which the notification automations of ``dbpatrol notify`` match.
- :func:`missed_windows` — the windows of this plan that crashed runs left uninspected since its
  last completed run, for the report to say so (issue 14: a worker and its flow-run process killed
  mid-run; the heartbeat automation of ``dbpatrol deploy`` marks such runs Crashed).

Neither ever fails an inspection: a Prefect API that does not answer costs the event or the note.
"""

from __future__ import annotations

from prefect import get_run_logger
from prefect.runtime import flow_run

from dbpatrol.results import InspectionResult, MissedWindow
from reports import message

from .window import resolve_window

RUNS_LOOKED_AT = 50  # earlier runs of the plan read, newest first, back to its last completed run


def emit_finished(result: InspectionResult, lang: str, report_url: str | None, tz: str | None = None) -> bool:
    """Emit the event (from inside the flow run: Prefect relates it to the run, flow and deployment)."""
    try:
        from prefect.events import emit_event

        event = emit_event(event=message.EVENT, resource=message.event_labels(result, lang, report_url),
                           payload=message.event_payload(result, lang, report_url, tz))
        return event is not None
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("inspection event not emitted (%s): notifications will not see this run",
                                 type(exc).__name__)
        return False


def missed_windows(timezone: str | None = None) -> list[MissedWindow]:
    """Crashed (and failed) runs of this run's deployment scheduled before it and after its last
    Completed run (a run the stale-run policy skipped counts as completed: the later run covers
    it), oldest first, each with the window it would have read."""
    if not flow_run.id:
        return []
    try:
        from prefect import get_client
        from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                    FlowRunFilterExpectedStartTime)
        from prefect.client.schemas.objects import StateType
        from prefect.client.schemas.sorting import FlowRunSort

        with get_client(sync_client=True) as client:
            me = client.read_flow_run(flow_run.id)
            if not me.deployment_id or me.expected_start_time is None:
                return []
            earlier = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[me.deployment_id])),
                flow_run_filter=FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(
                    before_=me.expected_start_time)),
                sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=RUNS_LOOKED_AT)
        missed = []
        for run in earlier:
            if run.id == me.id or run.state is None:
                continue
            if run.state.type == StateType.COMPLETED:
                break
            if run.state.type not in (StateType.CRASHED, StateType.FAILED):
                continue  # scheduled, running (maybe a zombie not yet marked), cancelled on purpose
            p = run.parameters or {}
            try:
                start, end = resolve_window(p.get("window_start"), p.get("window_end"), p.get("window_days"),
                                            run.expected_start_time, timezone=p.get("timezone") or timezone)
            except Exception:  # noqa: BLE001 - the run's own parameters were bad: say when it was due
                start = end = run.expected_start_time
            missed.append(MissedWindow(window_start=start, window_end=end, flow_run_id=str(run.id),
                                       flow_run_name=run.name, state=run.state.name or run.state.type.value,
                                       message=(run.state.message or None) and run.state.message[:300]))
        return sorted(missed, key=lambda m: m.window_start)
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("could not read this plan's earlier runs (%s): crashed windows are not listed",
                                 type(exc).__name__)
        return []
