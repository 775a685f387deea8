"""Notification rules (``dbpatrol notify``) and the crashed-run automation, as Prefect automations.

A rule is one Prefect automation named ``dbpatrol-notify-<name>`` (tag ``dbpatrol-notify``):

- ``critical`` / ``unreachable`` / ``score-below=N``: an event trigger on the
  ``dbpatrol.inspection.finished`` event every inspection emits (flows/events.py, reports/message.py),
  matching its labels: ``dbpatrol.critical`` not ``0``; ``dbpatrol.unreachable`` not ``0``;
  ``dbpatrol.score-floor`` one of ``0 … N-1`` (the integer part of the score, so score < N);
  with ``--plan P`` also ``dbpatrol.plan`` = P. Its action sends ``event.payload.subject/body`` (the
  message the flow wrote in the plan's language) under a heading naming the rule.
- ``run-failed``: an event trigger on ``prefect.flow-run.Failed`` / ``Crashed`` of a flow named
  ``dbpatrol-*`` (with ``--plan P``: of the deployment named P); the message is written by the
  automation's template from the flow run (name, state, message, the plan's language).

The action is Prefect's ``send-notification`` through a notification block: an ``http(s)://`` URL
becomes a ``Custom Webhook`` block (POSTs ``{"subject", "body"}`` as JSON; the URL is kept in the
block's secret values), any other apprise URL (``mailto://``, ``json://``, ``wecombot://``,
``dingtalk://`` …) a ``Slack Webhook`` block — the block type whose ``url`` (a secret) Prefect
hands to apprise as it stands when it is not a Slack address; ``--to`` may also name an existing
notification block (``slug/name`` or ``name``), which a rule uses but never deletes. The rule's
description records the target masked (scheme, host and port only): nothing prints it back.

The crashed-run automation (:func:`aensure_crashed_runs_automation`, run by ``dbpatrol deploy``):
a proactive trigger that, for each flow run of a ``dbpatrol-*`` flow, expects another
``prefect.flow-run.*`` event (a heartbeat or a state change) within ``crashed_after`` seconds of each
``prefect.flow-run.heartbeat`` (and of its ``prefect.flow-run.Running``: a process killed before its
first heartbeat is caught too); when none comes, the run's process is gone (SIGKILL, OOM, a host
that died) and the action sets the run Crashed. Flow runs heartbeat every
``DBPATROL_HEARTBEAT_SECONDS`` (``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` in the work pool's job
environment, set by the same command); ``crashed_after`` is three heartbeats.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import urllib.parse
from dataclasses import asdict, dataclass
from typing import Any

from dbpatrol.errors import UserError

from .ops import WORK_POOL

TAG = "dbpatrol-notify"
PREFIX = "dbpatrol-notify-"
CRASHED_RUNS = "dbpatrol-crashed-runs"
HEARTBEAT_ENV = "PREFECT_FLOWS_HEARTBEAT_FREQUENCY"
INSPECTION_EVENT = "dbpatrol.inspection.finished"  # = reports.message.EVENT (deployments never import reports)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_ON = ("critical", "unreachable", "score-below=N", "run-failed")


class NotifyError(UserError):
    pass


@dataclass
class Rule:
    name: str
    on: str
    plan: str | None
    target: str  # masked: scheme://host:port/…, or "block <slug>/<name>"
    block: str  # <block-type-slug>/<block-name>
    owned_block: bool  # created by `notify add` (deleted by `notify remove`)
    enabled: bool = True
    automation_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ----- validation (before any client call) -------------------------------------------------------


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise NotifyError(f"notification name {name!r}: lowercase letters, digits and dashes, starting with a "
                          f"letter or digit, at most 40 characters (e.g. dba-mail)")
    return name


def parse_on(on: str) -> tuple[str, int | None]:
    """``critical`` | ``unreachable`` | ``run-failed`` | ``score-below=N`` (N an integer 1–100)."""
    value = (on or "").strip().lower()
    if value in ("critical", "unreachable", "run-failed"):
        return value, None
    m = re.fullmatch(r"score-below=(\d{1,3})", value)
    if m and 1 <= int(m.group(1)) <= 100:
        return "score-below", int(m.group(1))
    if value.startswith("score-below"):
        raise NotifyError(f"--on {on!r}: score-below=N with N a whole number from 1 to 100 (the score is 0–100), "
                          f"e.g. score-below=60")
    raise NotifyError(f"--on {on!r}: one of {', '.join(_ON)}")


def mask_url(url: str) -> str:
    """scheme://host[:port]/… — never the user, password, path (webhook tokens live there) or query."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unreadable URL)"
    rest = "/…" if (parts.path not in ("", "/") or parts.query or parts.username or parts.password) else ""
    return f"{parts.scheme}://{host}{port}{rest}"


def classify_target(to: str) -> tuple[str, str]:
    """("webhook" | "apprise" | "block", the target). Raises NotifyError for what cannot work."""
    to = (to or "").strip()
    if not to:
        raise NotifyError("--to: give an apprise URL (mailto://…, json://…, https://…) or a notification block name")
    if any(c.isspace() for c in to):
        raise NotifyError("--to: a URL or block name has no spaces")
    if "://" not in to:
        return "block", to
    scheme = to.split("://", 1)[0].lower()
    if scheme in ("http", "https"):
        parts = urllib.parse.urlsplit(to)
        if not parts.hostname:
            raise NotifyError(f"--to {mask_url(to)}: no host in the URL")
        return "webhook", to
    import apprise

    if not apprise.Apprise().add(to):
        raise NotifyError(f"--to {mask_url(to)}: not a URL apprise can send to (see "
                          f"https://github.com/caronc/apprise/wiki for mailto://, json://, wecombot://, dingtalk:// …)")
    return "apprise", to


# ----- the automations ---------------------------------------------------------------------------

_HEADINGS = {
    "critical": ("critical findings", "严重问题"),
    "unreachable": ("unreachable instances", "实例无法连接"),
    "score-below": ("score below {n}", "健康得分低于 {n}"),
}


def _jinja_literal(s: str) -> str:
    """A name inside a template, as text (never template syntax): our names are [a-z0-9-]."""
    return re.sub(r"[^a-z0-9-]", "", s)


def inspection_trigger(kind: str, n: int | None, plan: str | None):
    from prefect.events.schemas.automations import EventTrigger, Posture

    match: dict[str, Any] = {"prefect.resource.id": "dbpatrol.inspection.*"}
    if kind == "critical":
        match["dbpatrol.critical"] = "!0"
    elif kind == "unreachable":
        match["dbpatrol.unreachable"] = "!0"
    else:
        match["dbpatrol.score-floor"] = [str(i) for i in range(n or 0)]
    if plan:
        match["dbpatrol.plan"] = plan
    return EventTrigger(match=match, expect={INSPECTION_EVENT}, posture=Posture.Reactive, threshold=1,
                        within=dt.timedelta(0))


def run_failed_trigger(plan: str | None):
    from prefect.events.schemas.automations import EventTrigger, Posture

    related = ({"prefect.resource.role": "deployment", "prefect.resource.name": plan} if plan else
               {"prefect.resource.role": "flow", "prefect.resource.name": "dbpatrol-*"})
    return EventTrigger(match={"prefect.resource.id": "prefect.flow-run.*"}, match_related=related,
                        expect={"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}, posture=Posture.Reactive,
                        threshold=1, within=dt.timedelta(0))


def inspection_templates(name: str, kind: str, n: int | None) -> tuple[str, str]:
    en, zh = _HEADINGS[kind]
    en, zh = en.format(n=n), zh.format(n=n)
    safe = _jinja_literal(name)
    zh_cond = "{% if event.resource.get('dbpatrol.lang') == 'zh-CN' %}"
    subject = f"{zh_cond}[{zh}] {{% else %}}[{en}] {{% endif %}}{{{{ event.payload.subject }}}}"
    body = (f"{zh_cond}dbpatrol 通知 {safe}：{zh}{{% else %}}dbpatrol notification {safe}: {en}{{% endif %}}\n\n"
            "{{ event.payload.body }}")
    return subject, body


def run_failed_templates(name: str) -> tuple[str, str]:
    safe = _jinja_literal(name)
    zh = "{% set zh = ((flow_run.parameters or {}).get('lang') == 'zh-CN') %}"
    subject = (zh + "{% if zh %}[运行失败] dbpatrol {{ flow.name }}：{{ flow_run.name }} {{ flow_run.state.name }}"
               "{% else %}[run failed] dbpatrol {{ flow.name }}: {{ flow_run.name }} {{ flow_run.state.name }}{% endif %}")
    body = (zh + "{% set p = flow_run.parameters or {} %}"
            f"{{% if zh %}}dbpatrol 通知 {safe}：运行失败{{% else %}}dbpatrol notification {safe}: run failed{{% endif %}}\n\n"
            "{% if zh %}巡检计划{% else %}Plan{% endif %}: {{ p.get('plan') or (deployment.name if deployment else '-') }}\n"
            "{% if zh %}流程{% else %}Flow{% endif %}: {{ flow.name }}\n"
            "{% if zh %}流程运行{% else %}Flow run{% endif %}: {{ flow_run.name }} ({{ flow_run.id }})\n"
            "{% if zh %}实例{% else %}Instances{% endif %}: "
            "{{ (p.get('instances') or []) | join(', ') or p.get('business') or p.get('host') or '-' }}\n"
            "{% if zh %}状态{% else %}State{% endif %}: {{ flow_run.state.name }} — {{ (flow_run.state.message or '')[:300] }}\n"
            "{% if zh %}计划时间{% else %}Scheduled{% endif %}: {{ flow_run.expected_start_time }}\n"
            "{% if zh %}该运行没有生成报告；下一次报告会列出未巡检的窗口。{% else %}This run wrote no report; the plan's "
            "next report lists the window it left uninspected.{% endif %}\n"
            "{% if flow_run|ui_url %}Prefect: {{ flow_run|ui_url }}{% endif %}\n")
    return subject, body


def _description(rule: Rule) -> str:
    return (f"dbpatrol notify: on={rule.on}; plan={rule.plan or '*'}; to={rule.target}; block={rule.block}; "
            f"owned={'yes' if rule.owned_block else 'no'}")


_DESC = re.compile(r"on=(?P<on>[^;]+); plan=(?P<plan>[^;]+); to=(?P<to>[^;]+); block=(?P<block>[^;]+); "
                   r"owned=(?P<owned>yes|no)")


def _rule_of(automation) -> Rule | None:
    if not automation.name.startswith(PREFIX):
        return None
    m = _DESC.search(automation.description or "")
    if not m:
        return None
    return Rule(name=automation.name[len(PREFIX):], on=m["on"], plan=None if m["plan"] == "*" else m["plan"],
                target=m["to"], block=m["block"], owned_block=m["owned"] == "yes", enabled=automation.enabled,
                automation_id=str(automation.id))


# ----- blocks ------------------------------------------------------------------------------------


def _block_for(kind: str, url: str):
    from prefect.blocks.notifications import CustomWebhookNotificationBlock, SlackWebhook

    if kind == "webhook":
        return CustomWebhookNotificationBlock(name="dbpatrol", url="{{url}}", secrets={"url": url},
                                              json_data={"subject": "{{subject}}", "body": "{{body}}"})
    return SlackWebhook(url=url)


async def _find_block(client, ref: str):
    """An existing notification block: ``slug/name``, or a name that only one block type has."""
    from prefect.exceptions import ObjectNotFound

    if "/" in ref:
        slug, name = ref.split("/", 1)
        try:
            doc = await client.read_block_document_by_name(name=name, block_type_slug=slug, include_secrets=False)
        except ObjectNotFound:
            raise NotifyError(f"--to {ref}: no block {name!r} of type {slug!r} (see `prefect block ls`)") from None
        docs = [doc]
    else:
        docs = [d for d in await client.read_block_documents(include_secrets=False) if d.name == ref]
        if not docs:
            raise NotifyError(f"--to {ref}: no block of that name (give an apprise URL, or slug/name of a block; "
                              f"see `prefect block ls`)")
        if len(docs) > 1:
            kinds = ", ".join(f"{d.block_type.slug}/{d.name}" for d in docs if d.block_type)
            raise NotifyError(f"--to {ref}: several blocks have that name ({kinds}); say which as slug/name")
    doc = docs[0]
    capabilities = set(doc.block_schema.capabilities if doc.block_schema else [])
    if "notify" not in capabilities:
        raise NotifyError(f"--to {ref}: block {doc.block_type.slug if doc.block_type else '?'}/{doc.name} cannot send "
                          f"notifications (its type has no 'notify' capability)")
    return doc


# ----- operations --------------------------------------------------------------------------------


async def _rules(client) -> list[Rule]:
    out = []
    for a in await client.read_automations():
        rule = _rule_of(a)
        if rule:
            out.append(rule)
    return sorted(out, key=lambda r: r.name)


async def _plan_exists(client, plan: str) -> bool:
    from .ops import _find

    return bool(await _find(client, plan))


async def aadd_rule(name: str, on: str, to: str, plan: str | None = None) -> Rule:
    """Validate everything, then create the block (unless --to names one) and the automation."""
    from prefect import get_client
    from prefect.events.actions import SendNotification
    from prefect.events.schemas.automations import AutomationCore

    check_name(name)
    kind, n = parse_on(on)
    target_kind, target = classify_target(to)
    if plan is not None and not plan.strip():
        raise NotifyError("--plan: give a plan name")
    async with get_client() as client:
        if any(r.name == name for r in await _rules(client)):
            raise NotifyError(f"notification {name!r} exists: `dbpatrol notify remove {name}` first")
        if plan and not await _plan_exists(client, plan):
            raise NotifyError(f"--plan {plan!r}: no such plan (see `dbpatrol plan list`)")
        if target_kind == "block":
            doc = await _find_block(client, target)
            block_ref, block_id, owned = f"{doc.block_type.slug}/{doc.name}", doc.id, False
            shown = f"block {block_ref}"
        else:
            block = _block_for(target_kind, target)
            block_name = f"{PREFIX}{name}"
            block_id = await block.asave(block_name, overwrite=True, client=client)
            block_ref, owned, shown = f"{block.get_block_type_slug()}/{block_name}", True, mask_url(target)
        rule = Rule(name=name, on=on.strip().lower(), plan=plan, target=shown, block=block_ref, owned_block=owned)
        if kind == "run-failed":
            trigger, (subject, body) = run_failed_trigger(plan), run_failed_templates(name)
        else:
            trigger, (subject, body) = inspection_trigger(kind, n, plan), inspection_templates(name, kind, n)
        try:
            automation_id = await client.create_automation(AutomationCore(
                name=PREFIX + name, description=_description(rule), enabled=True, tags=[TAG], trigger=trigger,
                actions=[SendNotification(block_document_id=block_id, subject=subject, body=body)]))
        except Exception:
            if owned:
                await client.delete_block_document(block_id)
            raise
        rule.automation_id = str(automation_id)
        return rule


async def alist_rules() -> list[Rule]:
    from prefect import get_client

    async with get_client() as client:
        return await _rules(client)


async def _get_rule(client, name: str) -> Rule:
    for r in await _rules(client):
        if r.name == name:
            return r
    raise NotifyError(f"no notification {name!r} (see `dbpatrol notify list`)")


async def aremove_rule(name: str) -> Rule:
    from uuid import UUID

    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        rule = await _get_rule(client, name)
        await client.delete_automation(UUID(rule.automation_id))
        if rule.owned_block:
            slug, block_name = rule.block.split("/", 1)
            try:
                doc = await client.read_block_document_by_name(name=block_name, block_type_slug=slug)
                await client.delete_block_document(doc.id)
            except ObjectNotFound:
                pass
        return rule


async def atest_rule(name: str, lang: str = "en") -> Rule:
    """Send a test message through the rule's block, from this machine (the automation sends from
    the Prefect server's; both reach the same receiver when both can)."""
    from prefect import get_client
    from prefect.blocks.core import Block

    async with get_client() as client:
        rule = await _get_rule(client, name)
        slug, block_name = rule.block.split("/", 1)
        doc = await client.read_block_document_by_name(name=block_name, block_type_slug=slug)
    block = Block._from_block_document(doc)
    zh = lang == "zh-CN"
    subject = f"[{'测试' if zh else 'test'}] dbpatrol {'通知' if zh else 'notification'} {name}"
    body = (f"dbpatrol 通知 {name} 的测试消息：条件 {rule.on}，计划 {rule.plan or '全部'}。真实的通知会写明计划、实例、问题、得分和报告链接。\n"
            if zh else
            f"A test of dbpatrol notification {name}: on {rule.on}, plan {rule.plan or 'any'}. A real one names the "
            f"plan, the instances, the findings, the score and links the report.\n")
    with block.raise_on_failure():  # a receiver that refuses is an error here, not a log line
        await block.anotify(body=body, subject=subject)
    return rule


# ----- heartbeats and crashed runs ---------------------------------------------------------------


def crashed_runs_automation(crashed_after_s: float):
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture

    return AutomationCore(
        name=CRASHED_RUNS, enabled=True, tags=["dbpatrol"],
        description=(f"dbpatrol: a flow run of a dbpatrol-* flow that sends no event (heartbeat or state) for "
                     f"{crashed_after_s:g} s after a heartbeat is marked Crashed: its process is gone "
                     f"(created by `dbpatrol deploy`)"),
        trigger=EventTrigger(
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": "dbpatrol-*"},
            # Running too: a process killed before its first heartbeat must not escape
            after={"prefect.flow-run.heartbeat", "prefect.flow-run.Running"}, expect={"prefect.flow-run.*"},
            for_each={"prefect.resource.id"}, posture=Posture.Proactive, threshold=1,
            within=dt.timedelta(seconds=crashed_after_s)),
        actions=[ChangeFlowRunState(
            state=StateType.CRASHED, name="Crashed",
            message=(f"dbpatrol: no heartbeat for {crashed_after_s:g} s — the worker or the flow-run process died; "
                     f"this run's window was not inspected"))],
    )


async def aensure_crashed_runs_automation(crashed_after_s: float) -> tuple[str, str]:
    """Create or update the one automation named dbpatrol-crashed-runs: ("created"|"updated", id)."""
    from prefect import get_client

    wanted = crashed_runs_automation(crashed_after_s)
    async with get_client() as client:
        existing = await client.read_automations_by_name(CRASHED_RUNS)
        if existing:
            await client.update_automation(existing[0].id, wanted)
            for extra in existing[1:]:  # a duplicate left by a race: one is enough
                await client.delete_automation(extra.id)
            return "updated", str(existing[0].id)
        return "created", str(await client.create_automation(wanted))


async def aensure_pool_heartbeat(heartbeat_s: int, pool: str = WORK_POOL) -> None:
    """The work pool's job environment gets PREFECT_FLOWS_HEARTBEAT_FREQUENCY (its other variables kept),
    so every flow run the pool's workers start heartbeats at that interval, whoever started the worker."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolUpdate

    from .ops import ensure_work_pool

    async with get_client() as client:
        await ensure_work_pool(client, pool)
        wp = await client.read_work_pool(pool)
        template = dict(wp.base_job_template or {})
        if not template.get("variables"):  # a pool created through the API has none until a worker fills it in
            from prefect.workers.process import ProcessWorker

            template = ProcessWorker.get_default_base_job_template()
        env_var = template.get("variables", {}).get("properties", {}).get("env")
        if env_var is None:
            raise UserError(f"work pool {pool}: its job template has no env variable to set "
                            f"{HEARTBEAT_ENV} in; set it in the workers' environment")
        default = dict(env_var.get("default") or {})
        if default.get(HEARTBEAT_ENV) == str(heartbeat_s):
            return
        default[HEARTBEAT_ENV] = str(heartbeat_s)
        env_var["default"] = default
        await client.update_work_pool(pool, WorkPoolUpdate(base_job_template=template))


CRASHED_AFTER_HEARTBEATS = 3


async def aensure_crash_guard(heartbeat_s: int, pool: str = WORK_POOL) -> dict[str, Any]:
    """What `dbpatrol deploy` does for zombie runs: the pool's heartbeat interval, then the automation
    that marks a run Crashed after CRASHED_AFTER_HEARTBEATS heartbeats of silence. Idempotent."""
    await aensure_pool_heartbeat(heartbeat_s, pool)
    crashed_after = CRASHED_AFTER_HEARTBEATS * heartbeat_s
    how, automation_id = await aensure_crashed_runs_automation(crashed_after)
    return {"pool": pool, "heartbeat_s": heartbeat_s, "crashed_after_s": crashed_after, "automation": how,
            "automation_id": automation_id}


def add_rule(name: str, on: str, to: str, plan: str | None = None) -> Rule:
    return asyncio.run(aadd_rule(name, on, to, plan))


def list_rules() -> list[Rule]:
    return asyncio.run(alist_rules())


def remove_rule(name: str) -> Rule:
    return asyncio.run(aremove_rule(name))


def test_rule(name: str, lang: str = "en") -> Rule:
    return asyncio.run(atest_rule(name, lang))


test_rule.__test__ = False  # not a pytest test
