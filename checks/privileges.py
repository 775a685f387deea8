"""The privilege grammar of ``EngineSupport.privilege``, and the GRANT statements it implies.

A spec declares, per engine, a comma-separated list of grant tokens (checks/README.md
"Privileges"). This module is the one reader of that grammar: the session's privilege probe
splits a declaration with ``split_privilege``, ``dbpatrol checks grants`` prints the statements a
monitoring user needs (``grant_statements``), and the tests create one user per distinct declared
set from the same statements (tests/test_privileges.py), so what the README and the CLI say is
what the tests prove.

PostgreSQL tokens
    ``login`` (nothing beyond LOGIN), a predefined role (``pg_monitor``, ``pg_read_all_settings``),
    ``EXECUTE ON FUNCTION name(argtypes)``, ``SELECT ON [schema.]table`` (a table or a view).
MySQL / MariaDB tokens
    ``USAGE`` (nothing), a global privilege (``PROCESS``, ``SLAVE MONITOR`` …), or
    ``PRIV ON db.table`` / ``PRIV ON db.*``.
Oracle tokens
    ``CREATE SESSION`` (nothing beyond logging in; always granted), a system privilege or role
    (``SELECT ANY DICTIONARY``, ``SELECT_CATALOG_ROLE``), or ``SELECT ON [schema.]object``: the
    dynamic performance views are SYS's ``V_$`` views (``V$SESSION`` is a public synonym of
    ``SYS.V_$SESSION``), the data dictionary views SYS's ``DBA_*``; an unqualified one of those is
    granted on SYS's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTHING = frozenset({"login", "usage", "none", "create session"})
DEFAULT_USER = "dbpatrol_mon"

# Names one privilege has in different servers or versions: MariaDB 10.5 renamed REPLICATION CLIENT
# to BINLOG MONITOR (the old name stays an alias) and added SLAVE MONITOR, alias REPLICA MONITOR;
# REPLICATION REPLICA is its alias of REPLICATION SLAVE. MySQL keeps REPLICATION CLIENT.
MARIADB_ALIASES = {"REPLICATION CLIENT": "BINLOG MONITOR", "REPLICA MONITOR": "SLAVE MONITOR",
                   "REPLICATION REPLICA": "REPLICATION SLAVE"}

_PG_ROLE = re.compile(r"^pg_[a-z_]+$")
_PG_FUNCTION = re.compile(r"^EXECUTE\s+ON\s+FUNCTION\s+(?P<sig>[A-Za-z_][\w.]*\s*\([^()]*\))$", re.I)
_PG_TABLE = re.compile(r"^SELECT\s+ON\s+(?:TABLE\s+)?(?P<obj>[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?)$", re.I)
_MY_OBJECT = re.compile(r"^(?P<priv>[A-Za-z][A-Za-z_ ]*?)\s+ON\s+(?P<obj>`?[\w$]+`?\.(?:\*|`?[\w$]+`?))$", re.I)
_MY_GLOBAL = re.compile(r"^[A-Za-z][A-Za-z_ ]*$")
_ORA_OBJECT = re.compile(r"^SELECT\s+ON\s+(?P<obj>(?:[A-Za-z][\w$#]*\.)?[A-Za-z][\w$#]*)$", re.I)
_ORA_SYS_OBJECT = re.compile(r"^(?:G?V_\$|DBA_|CDB_)", re.I)


def split_privilege(privilege: str) -> list[str]:
    """The tokens of one declaration: commas separate tokens, except inside a function's argument
    list (``EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint)`` is one token)."""
    tokens, depth, current = [], 0, []
    for ch in privilege or "":
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            tokens.append("".join(current))
            current = []
        else:
            current.append(ch)
    tokens.append("".join(current))
    return [" ".join(t.split()) for t in tokens if t.strip()]


_KIND_ORDER = {"nothing": 0, "role": 1, "global": 1, "function": 2, "table": 3, "object": 3}


@dataclass(frozen=True)
class Grant:
    """One declared token, parsed. ``kind``: nothing | role | function | table (PostgreSQL),
    nothing | global | object (MySQL/MariaDB). ``key`` is its canonical spelling."""

    kind: str
    privilege: str  # role name, EXECUTE / SELECT, or the MySQL privilege name (upper case, canonical)
    object: str = ""  # function signature, table, or db.tbl / db.* (lower case, unquoted)

    def __lt__(self, other: "Grant") -> bool:  # roles / global privileges first, then objects
        return (_KIND_ORDER[self.kind], self.object, self.privilege) < (_KIND_ORDER[other.kind], other.object, other.privilege)

    @property
    def key(self) -> str:
        if self.kind in ("nothing", "role", "global"):
            return self.privilege
        if self.kind == "function":
            return f"EXECUTE ON FUNCTION {self.object}"
        return f"{self.privilege} ON {self.object}"


def family(engine: str) -> str:
    return "postgresql" if engine == "postgresql" else "mysql" if engine in ("mysql", "mariadb") else engine


def parse_token(engine: str, token: str) -> Grant:
    """Parse one token in the engine's grammar; ValueError names what is wrong."""
    t = " ".join(token.split())
    if t.lower() in NOTHING:
        return Grant("nothing", {"postgresql": "login", "oracle": "CREATE SESSION"}.get(family(engine), "USAGE"))
    if family(engine) == "postgresql":
        if _PG_ROLE.match(t):
            return Grant("role", t)
        m = _PG_FUNCTION.match(t)
        if m:
            sig = re.sub(r"\s*,\s*", ", ", re.sub(r"\s*\(\s*", "(", m["sig"].strip()))
            return Grant("function", "EXECUTE", sig.replace(" )", ")"))
        m = _PG_TABLE.match(t)
        if m:
            return Grant("table", "SELECT", m["obj"])
        raise ValueError(f"PostgreSQL privilege {token!r}: expected login, a predefined role pg_…, "
                         f"EXECUTE ON FUNCTION name(argtypes) or SELECT ON [schema.]table")
    if family(engine) == "mysql":
        m = _MY_OBJECT.match(t)
        if m:
            return Grant("object", _my_name(engine, m["priv"]), m["obj"].replace("`", "").lower())
        if _MY_GLOBAL.match(t) and not re.search(r"\bON\b", t, re.I):
            return Grant("global", _my_name(engine, t))
        raise ValueError(f"MySQL/MariaDB privilege {token!r}: expected USAGE, a global privilege (PROCESS …) "
                         f"or PRIV ON db.table / db.*")
    if engine == "oracle":
        m = _ORA_OBJECT.match(t)
        if m:
            obj = m["obj"].upper()
            return Grant("table", "SELECT", f"SYS.{obj}" if "." not in obj and _ORA_SYS_OBJECT.match(obj) else obj)
        if _MY_GLOBAL.match(t) and not re.search(r"\bON\b", t, re.I):
            return Grant("global", " ".join(t.split()).upper())
        raise ValueError(f"Oracle privilege {token!r}: expected CREATE SESSION, a system privilege or role, "
                         f"or SELECT ON [schema.]object")
    raise ValueError(f"no privilege grammar for engine {engine!r}")


def _my_name(engine: str, priv: str) -> str:
    p = " ".join(priv.split()).upper()
    return MARIADB_ALIASES.get(p, p) if engine == "mariadb" else p


def grant_set(engine: str, privilege: str) -> frozenset[Grant]:
    """What one declaration needs beyond logging in: the parsed tokens, ``login``/``USAGE`` left out."""
    return frozenset(g for g in (parse_token(engine, t) for t in split_privilege(privilege)) if g.kind != "nothing")


def declared(engine: str, tier: str | None = None) -> dict[Grant, list[str]]:
    """Every grant the catalog declares for an engine (checks of ``tier`` and earlier tiers, or all),
    with the codes of the checks that need it. MariaDB reads a check's MySQL declaration when it
    has none of its own, as its SQL does."""
    from . import registry

    reg = registry.load()
    out: dict[Grant, list[str]] = {}
    for check in reg.select(tier or "annual", engine):
        support = check.spec.support(engine)
        for g in sorted(set().union(*(grant_set(engine, p) for p in support.all_privileges()))):
            out.setdefault(g, []).append(check.code)
    return dict(sorted(out.items()))


# Grants that let the monitoring user read what a bank may not want it to read: every table's data,
# or every account's password hash. The checks that declare them say SKIPPED "missing privilege"
# without them, so `checks grants` prints them commented out unless asked (--include-sensitive).
SENSITIVE_REASONS = {
    "pg_read_all_data": "reads every table's data",
    "pg_write_all_data": "writes every table",
    "pg_catalog.pg_authid": "reads every role's password hash",
    # pg_hba_file_rules' options column prints ldapbindpasswd= and radiussecrets= in clear text
    "pg_catalog.pg_hba_file_rules": "reads the LDAP bind password and RADIUS secrets in pg_hba.conf",
    "pg_catalog.pg_hba_file_rules()": "reads the LDAP bind password and RADIUS secrets in pg_hba.conf",
    # any file under the data directory (the raw table files, postgresql.auto.conf) and the server log
    "pg_catalog.pg_read_binary_file(text, bigint, bigint)": "reads any file in the data directory (raw table pages "
                                                            "included) and the server log",
    "mysql.*": "reads every account's password hash",
    "mysql.user": "reads every account's password hash",
    "mysql.global_priv": "reads every account's password hash",
    "TRIGGER": "can create and drop triggers on every table",
    "EVENT": "can create and drop events in every schema",
}


def sensitive(grant: "Grant") -> str | None:
    """Why a grant is sensitive, or None."""
    return SENSITIVE_REASONS.get(grant.object or grant.privilege)


def grant_statements(engine: str, grants, user: str = DEFAULT_USER, host: str = "%",
                     include_sensitive: bool = True, codes: dict | None = None) -> list[str]:
    """The GRANT statements giving ``user`` exactly ``grants``. With ``include_sensitive=False`` (what
    ``dbpatrol checks grants`` prints by default) the sensitive ones come last, commented out
    (``-- opt-in, reads … (without it SKIPPED, missing privilege: CODES): GRANT …``)."""
    grants = sorted(set(grants))
    if include_sensitive:
        return _grant_statements(engine, grants, user, host)
    plain = [g for g in grants if not sensitive(g)]
    lines = _grant_statements(engine, plain, user, host)
    for g in (g for g in grants if sensitive(g)):
        needed_by = ", ".join((codes or {}).get(g, [])) or "the checks that declare it"
        for stmt in _grant_statements(engine, [g], user, host):
            if stmt.startswith("GRANT CREATE SESSION"):
                continue
            lines.append(f"-- opt-in, {sensitive(g)} (without it SKIPPED, missing privilege: {needed_by}): {stmt}")
    return lines


def _grant_statements(engine: str, grants, user: str = DEFAULT_USER, host: str = "%") -> list[str]:
    """The GRANT statements giving ``user`` exactly ``grants`` (Grant objects), one per line, in a
    stable order. MySQL/MariaDB: the global privileges in one statement ON *.*, then one statement
    per object."""
    grants = sorted(set(grants))
    fam = family(engine)
    if fam == "postgresql":
        lines = []
        for g in grants:
            if g.kind == "role":
                lines.append(f"GRANT {g.privilege} TO {user};")
            elif g.kind == "function":
                lines.append(f"GRANT EXECUTE ON FUNCTION {g.object} TO {user};")
            elif g.kind == "table":
                lines.append(f"GRANT SELECT ON {g.object} TO {user};")
        return lines
    if fam == "mysql":
        who = f"'{user}'@'{host}'"
        lines = []
        global_privs = [g.privilege for g in grants if g.kind == "global"]
        if global_privs:
            lines.append(f"GRANT {', '.join(global_privs)} ON *.* TO {who};")
        by_object: dict[str, list[str]] = {}
        for g in grants:
            if g.kind == "object":
                by_object.setdefault(g.object, []).append(g.privilege)
        for obj, privs in by_object.items():
            lines.append(f"GRANT {', '.join(privs)} ON {obj} TO {who};")
        return lines
    if fam == "oracle":  # run as SYS (it owns the V_$ and DBA_ views)
        lines = [f"GRANT CREATE SESSION TO {user};"]
        system = [g.privilege for g in grants if g.kind == "global"]
        if system:
            lines.append(f"GRANT {', '.join(system)} TO {user};")
        lines += [f"GRANT SELECT ON {g.object} TO {user};" for g in grants if g.kind == "table"]
        return lines
    raise ValueError(f"no GRANT statements for engine {engine!r}")
