"""Inspection items: which checks an inspection runs, and who turned the others off.

A check can be disabled in four places, each naming check codes (``RUN007``) or categories
(``security``):

=========  ==========================================================================
source     how
=========  ==========================================================================
settings   ``DBPATROL_DISABLED_CHECKS=RUN007,security`` (or ``disabled_checks:`` in the settings file)
inventory  ``disabled_checks: [RUN007, objects]`` on a business, a host or an instance (they add up)
plan       ``dbpatrol plan create/update --skip … --only …`` (flow parameters plan_skip / plan_only)
run        ``dbpatrol inspect --skip … --only …`` (flow parameters skip / only)
=========  ==========================================================================

``only`` selects, ``skip`` removes; a check runs when every layer lets it through, so a skip
always wins over an only naming the same check, and a run's ``--only`` selects among what the
plan, the inventory and the settings left enabled (it cannot turn back on a check they disabled).
A disabled check is reported as SKIPPED with skip_reason ``disabled`` and the message "not
inspected: disabled by <source>", naming the first layer (in the order above) that turned it off.

Unknown codes and categories are errors (:class:`ItemError`, a UserError: exit 2 on the CLI).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from dbpatrol.errors import UserError

from .spec import CATEGORIES

SOURCES = ("settings", "inventory", "plan", "run")
SOURCE_ZH = {"settings": "项目设置", "inventory": "巡检清单（inventory）", "plan": "巡检计划", "run": "本次运行参数"}
_CODE = re.compile(r"^[A-Za-z]{3}[0-9]{3}$")


class ItemError(UserError, ValueError):
    """An inspection item names no check code and no category."""


def split(values: str | Iterable[str] | None) -> list[str]:
    """``"RUN007, security"`` or ``["RUN007", "objects,security"]`` → the names, in order, once each."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        for part in re.split(r"[,\s]+", str(v)):
            if part and part not in out:
                out.append(part)
    return out


def normalize(registry, values: str | Iterable[str] | None, where: str) -> list[str]:
    """Validated item names, codes upper-case and categories lower-case; ItemError naming ``where``."""
    codes = {c.code for c in registry}
    out: list[str] = []
    for name in split(values):
        if _CODE.match(name):
            item = name.upper()
            if item not in codes:
                raise ItemError(f"{where}: no check has code {name!r} (see `dbpatrol checks list`)")
        elif name.lower() in CATEGORIES:
            item = name.lower()
        else:
            raise ItemError(f"{where}: {name!r} is neither a check code (e.g. RUN007) nor a category "
                            f"({', '.join(CATEGORIES)})")
        if item not in out:
            out.append(item)
    return out


def codes_of(registry, items: Iterable[str]) -> frozenset[str]:
    """The check codes that validated item names stand for."""
    wanted = set(items)
    return frozenset(c.code for c in registry if c.code in wanted or c.spec.category in wanted)


@dataclass(frozen=True)
class Rule:
    source: str
    skip: frozenset[str] = frozenset()
    only: frozenset[str] | None = None  # None: no selection at this layer

    def excludes(self, code: str) -> bool:
        return code in self.skip or (self.only is not None and code not in self.only)


@dataclass(frozen=True)
class Selection:
    """The layered rules of one inspection; ``disabled_by(code)`` is the source that turned it off."""

    rules: tuple[Rule, ...] = ()

    @classmethod
    def build(cls, registry, *, settings=None, inventory=None, plan_skip=None, plan_only=None,
              skip=None, only=None) -> "Selection":
        """Validate every layer (ItemError naming it) and resolve names to codes."""
        def rule(source, skip_items, only_items, where_skip, where_only):
            s = normalize(registry, skip_items, where_skip)
            o = normalize(registry, only_items, where_only) if only_items else []
            return Rule(source, codes_of(registry, s), codes_of(registry, o) if o else None)

        return cls((
            rule("settings", settings, None, "settings disabled_checks (DBPATROL_DISABLED_CHECKS)", ""),
            rule("inventory", inventory, None, "inventory disabled_checks", ""),
            rule("plan", plan_skip, plan_only, "plan skip", "plan only"),
            rule("run", skip, only, "--skip", "--only"),
        ))

    def with_inventory(self, registry, items: Iterable[str]) -> "Selection":
        """This selection with one instance's inventory items (already validated with the inventory)."""
        inv = Rule("inventory", codes_of(registry, normalize(registry, items, "inventory disabled_checks")))
        return Selection(tuple(inv if r.source == "inventory" else r for r in self.rules))

    def disabled_by(self, code: str) -> str | None:
        for r in self.rules:
            if r.excludes(code):
                return r.source
        return None


def disabled_message(source: str) -> tuple[str, str]:
    """The not-inspected message of a disabled check, in English and Chinese."""
    return f"not inspected: disabled by {source}", f"未巡检：已被{SOURCE_ZH[source]}停用"
