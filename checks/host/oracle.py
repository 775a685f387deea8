"""Oracle on its host, over SSH: the listener (RUN030 ``lsnrctl status``), the server's sqlnet.ora (SEC011),
the kernel settings and HugePages Oracle's installation guide asks for (OSH021), and the PMON process whose
limits OSH007 reads.

ORACLE_HOME, the listener's name and TNS_ADMIN come from the inventory's ``oracle:`` block of the instance
(dbpatrol/inventory.py OracleHost; the runner hands it over as ``session.oracle_host``): the database cannot
tell a monitoring user where its home is without EXECUTE on SYS.DBMS_SYSTEM. Without it the checks that
need it are SKIPPED "not inspected: not configured", never OK.

Commands (fixed argv, paths through :func:`dbpatrol.ssh.safe_path`): ``env -u TNS_ADMIN ORACLE_HOME=H
NLS_LANG=AMERICAN_AMERICA.AL32UTF8 [TNS_ADMIN=T] H/bin/lsnrctl status LISTENER``, ``cat T/sqlnet.ora``, ``grep -H -s '' <files under /proc/sys and
/sys/kernel/mm/transparent_hugepage>``, ``cat /proc/meminfo``, ``cat /proc/PID/comm``.
"""

from __future__ import annotations

import re
from typing import Any

from ..collect import CollectContext, CollectSkip

# The instance's background process PMON (V$PROCESS.SPID: its OS process id) and the PROCESSES parameter
# (the most OS processes the instance starts: background + server processes, all of the oracle user).
ORA_PROCESS_SQL = """
SELECT (SELECT MAX(p.spid) FROM v$process p WHERE p.pname = 'PMON')            AS pmon_spid,
       (SELECT MAX(v.value) FROM v$parameter v WHERE v.name = 'processes')     AS processes
FROM dual
"""

# What the SGA may take and how it is backed: SGA_MAX_SIZE (the SGA's reserved size), the SGA now
# (SUM of V$SGA), Automatic Memory Management (MEMORY_TARGET / MEMORY_MAX_TARGET: not compatible with
# HugePages) and USE_LARGE_PAGES (TRUE by default: large pages where there are, small ones for the rest).
ORA_MEMORY_SQL = """
SELECT (SELECT MAX(v.value) FROM v$parameter v WHERE v.name = 'sga_max_size')       AS sga_max_size,
       (SELECT SUM(s.value) FROM v$sga s)                                          AS sga_bytes,
       (SELECT MAX(v.value) FROM v$parameter v WHERE v.name = 'memory_target')      AS memory_target,
       (SELECT MAX(v.value) FROM v$parameter v WHERE v.name = 'memory_max_target')  AS memory_max_target,
       (SELECT MAX(v.value) FROM v$parameter v WHERE v.name = 'use_large_pages')    AS use_large_pages
FROM dual
"""


def oracle_host(ctx: CollectContext):
    """The inventory's ``oracle:`` block, or SKIPPED not inspected."""
    o = getattr(ctx.session, "oracle_host", None)
    if o is None:
        raise CollectSkip("unreachable", "not configured: the inventory gives no oracle: {home: ORACLE_HOME} for this "
                          "instance (where lsnrctl and sqlnet.ora are on the host)",
                          "未配置：巡检清单未给出该实例的 oracle: {home: ORACLE_HOME}（主机上 lsnrctl 与 sqlnet.ora 的位置）")
    return o


def expected_service(ctx: CollectContext) -> str | None:
    target = getattr(ctx.session, "target", None)
    return getattr(target, "database", None) or None


# ----- lsnrctl status ---------------------------------------------------------------------------

_TNS = re.compile(r"\b(TNS-\d{5}): ?([^\n]*)")
_SERVICE = re.compile(r'^Service "([^"]+)" has \d+ instance', re.M)
_INSTANCE = re.compile(r'^\s+Instance "([^"]+)", status ([A-Z]+)', re.M)
_FIELD = re.compile(r"^(Alias|Version|Start Date|Uptime|Listener Parameter File|Listener Log File)\s{2,}(.*)$", re.M)


def parse_lsnrctl(text: str) -> dict[str, Any]:
    """``lsnrctl status`` output → whether the listener answered (its 'STATUS of the LISTENER' block),
    the TNS- errors it printed, a few header fields, and services → [(instance, status)]."""
    answered = "STATUS of the LISTENER" in text
    fields = {k.lower().replace(" ", "_"): v.strip() for k, v in _FIELD.findall(text)}
    services: dict[str, list[tuple[str, str]]] = {}
    blocks = list(_SERVICE.finditer(text))
    for i, m in enumerate(blocks):
        end = blocks[i + 1].start() if i + 1 < len(blocks) else len(text)
        services[m.group(1)] = _INSTANCE.findall(text[m.end():end])
    errors = [f"{code}: {msg.strip()}" for code, msg in _TNS.findall(text)]
    return {"answered": answered, "errors": errors, "services": services, **fields}


def service_matches(listed: str, wanted: str) -> bool:
    """A service the listener lists is the inventory's when the names are equal, case aside, or the
    listed one is the wanted name with the database domain appended (orclpdb1 = orclpdb1.example.com)."""
    a, b = listed.lower(), wanted.lower()
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


# ----- sqlnet.ora -------------------------------------------------------------------------------


def parse_sqlnet(text: str) -> dict[str, str]:
    """sqlnet.ora → {PARAMETER (upper case): value as written, whitespace folded}. Comments run from '#'
    to the end of the line; a parameter starts in column 1, and a line that starts with whitespace
    continues the one before (Net Services Reference, 'Syntax Rules for Configuration Files')."""
    out: dict[str, str] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1].isspace() and current is not None:
            out[current] = f"{out[current]} {line.strip()}".strip()
            continue
        name, eq, value = line.partition("=")
        if not eq:
            current = None
            continue
        current = name.strip().upper()
        out[current] = value.strip()
    return {k: re.sub(r"\s+", " ", v).strip() for k, v in out.items()}


def value_list(v: str | None) -> list[str]:
    """'(AES256, AES192)' or 'AES256,AES192' → ['AES256', 'AES192'] (upper case)."""
    if not v:
        return []
    return [w.strip().upper() for w in v.strip().strip("()").split(",") if w.strip()]


# ----- /proc and /sys ---------------------------------------------------------------------------


def parse_grep_h(text: str) -> dict[str, str]:
    """``grep -H -s '' FILE…`` output → {file: its content} (a file of several lines keeps them)."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        path, sep, value = line.partition(":")
        if sep:
            out.setdefault(path, []).append(value)
    return {k: "\n".join(v).strip() for k, v in out.items()}
