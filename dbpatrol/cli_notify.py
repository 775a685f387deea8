"""``dbpatrol notify …``: tell the DBAs, through Prefect automations and notification blocks.

    dbpatrol notify add NAME --on critical|unreachable|score-below=N|run-failed --to URL|BLOCK [--plan P]
    dbpatrol notify list [--json]
    dbpatrol notify test NAME [--lang zh-CN]
    dbpatrol notify remove NAME

Each rule is a Prefect automation (deployments/notify.py has the triggers); the message comes from
the inspection's own event (reports/message.py). Bad input prints one message and exits 2, having
created nothing; a Prefect API that does not answer exits 1. Mounted by dbpatrol/cli.py as
``app.add_typer(cli_notify.app, name="notify")``.
"""

from __future__ import annotations

import json
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import UserError

app = typer.Typer(help="Notifications: a CRITICAL finding, an unreachable instance, a low score or a failed run "
                       "sent to e-mail, a webhook, WeCom, DingTalk … (Prefect automations).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _call(fn, *args, **kwargs):
    """A deployments.notify operation on the Prefect server, as plan commands run theirs (the
    configured API, else dbpatrol's local background server, never a temporary one): UserError →
    exit 2; an unreachable API → exit 1."""
    from .cli_plans import _call as on_the_server

    return on_the_server(fn, *args, what="notification rules live", **kwargs)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="The rule's name: lowercase letters, digits, dashes"),
    on: str = typer.Option(..., "--on", help="critical | unreachable | score-below=N | run-failed"),
    to: str = typer.Option(..., "--to", help="apprise URL (mailto://…, json://…, https://…, wecombot://…) or a "
                                            "notification block (slug/name)"),
    plan: Optional[str] = typer.Option(None, "--plan", help="Only this plan's runs (default: every inspection)"),
):
    """Add a notification rule: a Prefect automation that sends through a notification block."""
    from deployments.notify import add_rule

    rule = _call(add_rule, name, on, to, plan)
    out.print(f"notification {rule.name}: on {rule.on}{' of plan ' + rule.plan if rule.plan else ''} → {rule.target} "
              f"(automation {rule.automation_id}, block {rule.block})", highlight=False, soft_wrap=True)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="JSON instead of a table")):
    """List the notification rules (targets masked: scheme, host and port only)."""
    from deployments.notify import list_rules

    rules = _call(list_rules)
    if as_json:
        print(json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False))
        return
    if not rules:
        out.print("no notification rules (add one: dbpatrol notify add NAME --on critical --to mailto://…)")
        return
    table = Table("name", "on", "plan", "to", "block", "enabled")
    for r in rules:
        table.add_row(r.name, r.on, r.plan or "(any)", r.target, r.block, "yes" if r.enabled else "no")
    out.print(table)


@app.command("test")
def test(name: str = typer.Argument(...),
         lang: str = typer.Option("en", "--lang", help="en | zh-CN")):
    """Send a test message through the rule's block now (from this machine)."""
    from deployments.notify import test_rule

    if lang not in ("en", "zh-CN"):
        raise _fail(f"--lang {lang!r}: en or zh-CN")
    try:
        rule = _call(test_rule, name, lang)
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - the receiver refused: say so, never the URL
        raise _fail(f"notification {name}: the test message was not delivered ({type(exc).__name__})", code=1)
    out.print(f"test message sent for {rule.name} → {rule.target}", highlight=False)


@app.command("remove")
def remove(name: str = typer.Argument(...)):
    """Remove a rule: its automation, and the block `notify add` created for it."""
    from deployments.notify import remove_rule

    rule = _call(remove_rule, name)
    out.print(f"notification {rule.name} removed{' (and its block ' + rule.block + ')' if rule.owned_block else ''}",
              highlight=False)
