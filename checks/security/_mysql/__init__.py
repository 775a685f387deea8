"""What the MySQL 8 / MariaDB security checks (SEC040–SEC055) share: the account judge, the
host classes, and their compliance references. Not a check (the registry skips ``_`` folders).

Accounts. A finding names an account as ``user@host``, the object its history and acknowledgements
follow. The SQL returns only *login* accounts: roles (MariaDB ``is_role``, a MySQL 8 role is a
locked account) and locked accounts cannot log in, so a reserved system account (``mariadb.sys``,
``mysql.sys``, ``mysql.session``, ``mysql.infoschema``: all created locked) is never a finding, nor
is ``root@localhost`` when it authenticates by ``unix_socket`` only. A site's approved exceptions
are a list threshold (``allowed_accounts``, exact ``user@host``: the user part case-sensitive as the
server compares it, the host not), set aside and counted, not judged.
"""

from __future__ import annotations

from typing import Any, Callable

from checks.judges import EVIDENCE_LIMIT, JudgeContext, Levels, uses
from checks.spec import T, Verdict
from dbpatrol.results import Compliance, Outcome

Rate = Callable[[dict[str, Any], dict[str, Levels], JudgeContext], "tuple[Outcome, str] | None"]

ALLOWED_RATIONALE = ("site-approved exceptions, exact user@host (PMM advisors exclude their own service "
                     "accounts by name the same way); none by default")


def listed(th: dict[str, Levels], name: str | None) -> set[str]:
    """A list threshold's values, lower case (account names compare case-insensitively here)."""
    if not name:
        return set()
    return {str(v).strip().lower() for v in (th[name].value or ()) if str(v).strip()}


def account_key(name) -> str:
    """How an approved-exception entry and a finding's key compare: 'user@host' with the user as written —
    MySQL/MariaDB user names are case-sensitive, so approving App@% must not exempt app@% — and the host
    in lower case (host names are not); any other key (a setting, 'schema test') in lower case."""
    text = str(name or "").strip()
    user, at, host = text.rpartition("@")
    return f"{user}@{host.lower()}" if at and user else text.lower()


def listed_keys(th: dict[str, Levels], name: str | None) -> set[str]:
    """A list threshold of accounts (or other keys) as account_key compares them."""
    if not name:
        return set()
    return {account_key(v) for v in (th[name].value or ()) if str(v).strip()}


def sample(keys: list[str], n: int = 5) -> str:
    """The first few offenders for a message: 'a@%, b@%, … (+3 more)'."""
    head = ", ".join(keys[:n])
    return head + (f" (+{len(keys) - n})" if len(keys) > n else "")


def rated_judge(rate: Rate, *threshold_names: str, allowed: str | None = "allowed_accounts", key: str = "account"):
    """One row per candidate (an account, a setting, a grant); ``rate`` says whether it is at fault
    and how badly: (outcome, message key), or None when it is fine.

    Rows whose ``key`` is in the ``allowed`` list threshold are set aside (``exempt`` in the
    message). The worst offender's columns fill the message, with ``count`` (offenders),
    ``total`` (rows the SQL found: its ``total`` column when it returns one, before a LIMIT),
    ``exempt`` and ``offenders`` (the first few keys). Evidence: the offenders, worst first.
    """
    names = [*threshold_names, *([allowed] if allowed else [])]

    @uses(*names)
    def judge(rows, th, ctx) -> Verdict:
        exempt_keys = listed_keys(th, allowed)
        kept = [r for r in rows if account_key(r.get(key, "")) not in exempt_keys]
        rated = []
        for r in kept:
            res = rate(r, th, ctx)
            if res is not None and res[0] is not Outcome.OK:
                rated.append((r, *res))
        rated.sort(key=lambda x: -x[1].rank)  # stable: the SQL's order within one severity
        sql_total = next((int(r["total"]) for r in rows if r.get("total") is not None), len(rows))
        cut = max(0, sql_total - len(rows))  # rows the SQL's LIMIT left out
        offenders = [str(r.get(key, "")) for r, _, _ in rated]
        base = {"count": len(rated) + (cut if rated else 0), "total": sql_total, "exempt": len(rows) - len(kept),
                "offenders": sample(offenders)}
        if not rated:
            return Verdict(outcome=Outcome.OK, message="ok", params=base, evidence=[],
                           objects={} if ctx.object_key else None)
        worst, outcome, message = rated[0]
        return Verdict(outcome=outcome, message=message, params={**worst, **base},
                       evidence=[with_account_sql(r) for r, _, _ in rated][:EVIDENCE_LIMIT], total=len(rated) + cut,
                       objects={ctx.object_of(r): o for r, o, _ in rated} if ctx.object_key else None)

    return judge


def account_privileges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of one (account, source) each — ``via_role`` NULL for the account's own grants, else the
    role (or PUBLIC) they come from, ``role_active`` 'set_role' for a granted role that only SET ROLE
    activates, ``privileges`` a comma list — folded to one dict per account, in the SQL's order:
    its identifying columns plus ``held``, privilege → the sources it comes from (None: direct)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        a = out.setdefault(str(r["account"]), {**{k: v for k, v in r.items()
                                                  if k not in ("via_role", "role_active", "privileges")},
                                               "held": {}})
        via = r.get("via_role")
        label = None if via is None else str(via) + (" (SET ROLE)" if r.get("role_active") == "set_role" else "")
        for p in str(r.get("privileges") or "").split(","):
            if p.strip():
                a["held"].setdefault(p.strip().upper(), set()).add(label)
    return list(out.values())


def through_roles(held: dict[str, set], names) -> str:
    """The roles that give any of ``names`` the account does not also hold itself: 'dba, ops (SET ROLE)'."""
    labels: set[str] = set()
    for p in names:
        sources = held.get(p, set())
        if None not in sources:
            labels |= {s for s in sources if s is not None}
    return ", ".join(sorted(labels))


def with_account_sql(row: dict[str, Any]) -> dict[str, Any]:
    """An account's row with ``account_sql``, the account as SQL names it ('user'@'host', quotes doubled):
    the key user@host is not (an anonymous account reads @localhost), so a remediation placeholder can be
    filled exactly (SHOW GRANTS FOR …, REVOKE … FROM …)."""
    if "user_name" not in row or "host_name" not in row or row.get("user_name") is None:
        return row
    quote = lambda v: "'" + str(v or "").replace("\\", "\\\\").replace("'", "''") + "'"  # noqa: E731
    return {**row, "account_sql": f"{quote(row['user_name'])}@{quote(row['host_name'])}"}


def is_on(v: Any) -> bool:
    return str(v).strip().upper() in ("1", "ON", "YES", "TRUE")


# ----- compliance references ------------------------------------------------------------------
# CIS Oracle MySQL Enterprise Edition 8.0 Benchmark v1.4.0 and CIS MariaDB 10.11 Benchmark v1.0.0:
# item numbers and titles as those benchmarks give them (read from their published JSON); zh is ours.

def cis_mysql(item: str, en: str, zh: str) -> Compliance:
    return Compliance(framework="CIS MySQL 8.0", item=item, title=T(en, zh))


def cis_mariadb(item: str, en: str, zh: str) -> Compliance:
    return Compliance(framework="CIS MariaDB 10.11", item=item, title=T(en, zh))


def dengbao(clause: str, en: str, zh: str) -> Compliance:
    """GB/T 22239-2019 level 3 clause; ``en``/``zh`` say which of its items the check covers."""
    return Compliance(framework="等保2.0", item=clause, note=T(en, zh))
