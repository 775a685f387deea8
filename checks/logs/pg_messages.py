"""PostgreSQL's own words for what the server-log checks look for, in every language it ships.

A stderr log line carries no SQLSTATE unless ``log_line_prefix`` has ``%e``, and its severity word is
translated (``lc_messages = de_DE``: ``FEHLER`` for ERROR, ``PANIK`` for PANIC; csvlog translates it
too, jsonlog does not). Messages with no SQLSTATE of their own (a LOG has 00000) — checkpoints
occurring too frequently, a child process terminated by a signal, a long lock wait — can only be
recognised by their text. So the checks match the server's own message catalogs: every msgid below
and its translation in each ``postgres-<major>.mo`` PostgreSQL installs, turned into a regular
expression (``%s`` → any text, ``%d`` → digits; ``%2$s`` positional arguments kept in their place).

``pg_messages.json`` beside this file is generated from the catalogs installed on this machine::

    uv run python -m checks.logs.pg_messages   # reads /usr/share/locale/*/LC_MESSAGES/postgres-*.mo

(Debian's postgresql-15 here: de es fr it ja ka ko ru sv uk zh_CN zh_TW). A translation a later
release changed is missed until the file is regenerated on a machine with that release: that is the
limit of reading a localised stderr log without ``%e`` (csvlog and jsonlog always carry the SQLSTATE).
"""

from __future__ import annotations

import functools
import glob
import gettext
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "pg_messages.json"

SEVERITIES = ("DEBUG", "LOG", "INFO", "NOTICE", "WARNING", "ERROR", "FATAL", "PANIC")
# The labels of the lines that follow a message in a stderr log (their msgids end in ":  ")
LABELS = ("DETAIL", "HINT", "QUERY", "CONTEXT", "STATEMENT", "LOCATION")
_LABEL_MSGIDS = {"DETAIL": "DETAIL:  ", "HINT": "HINT:  ", "QUERY": "QUERY:  ", "CONTEXT": "CONTEXT:  ",
                 "STATEMENT": "STATEMENT:  ", "LOCATION": "LOCATION:  %s:%d\n"}

# (event, the SQLSTATE the message is raised with or None, the severity it must have or None, msgid).
# A message matched here stands for its SQLSTATE when the line carries none (stderr without %e).
MESSAGES: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("deadlock", "40P01", None, "deadlock detected"),
    ("lock_timeout", "55P03", None, "canceling statement due to lock timeout"),
    ("lock_timeout", "55P03", None, 'could not obtain lock on row in relation "%s"'),
    ("lock_timeout", "55P03", None, 'could not obtain lock on relation "%s"'),
    ("lock_wait", None, "LOG", "process %d still waiting for %s on %s after %ld.%03d ms"),
    ("auth_failure", "28P01", "FATAL", 'password authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'Ident authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'Peer authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", '"trust" authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'GSSAPI authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'SSPI authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'PAM authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'BSD authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'LDAP authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'certificate authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'RADIUS authentication failed for user "%s"'),
    ("auth_failure", "28000", "FATAL", 'authentication failed for user "%s": host rejected'),
    ("auth_failure", "28000", "FATAL", 'authentication failed for user "%s": invalid authentication method'),
    ("auth_failure", "28000", "FATAL", 'role "%s" does not exist'),
    ("auth_failure", "28000", "FATAL", 'role "%s" is not permitted to log in'),
    ("auth_failure", "28000", "FATAL", 'no pg_hba.conf entry for host "%s", user "%s", database "%s", %s'),
    ("auth_failure", "28000", "FATAL", 'pg_hba.conf rejects connection for host "%s", user "%s", database "%s", %s'),
    ("out_of_memory", "53200", None, "out of memory"),
    # the postmaster's word for a child that died: signal 9 (SIGKILL) is the kernel's OOM killer (or kill -9)
    ("crash", None, "LOG", "%s (PID %d) was terminated by signal %d: %s"),
    ("io_error", None, None, 'could not read block %u in file "%s": %m'),
    ("io_error", None, None, 'could not read block %u in file "%s": read only %d of %d bytes'),
    ("io_error", None, None, "could not write block %u of %s"),
    ("io_error", None, None, 'could not extend file "%s": %m'),
    ("io_error", None, None, 'could not fsync file "%s": %m'),
    ("data_corrupted", "XX001", None, "invalid page in block %u of relation %s"),
    ("data_corrupted", "XX001", None, "page verification failed, calculated checksum %u but expected %u"),
    ("data_corrupted", "XX002", None, 'index "%s" contains unexpected zero page at block %u'),
    ("checkpoint_too_frequent", None, "LOG", "checkpoints are occurring too frequently (%d second apart)"),
    # its English plural (msgid_plural): the catalogs key translations by the singular only
    ("checkpoint_too_frequent", None, "LOG", "checkpoints are occurring too frequently (%d seconds apart)"),
    ("checkpoint_start", None, "LOG", "checkpoint starting:%s%s%s%s%s%s%s%s"),
    ("checkpoint_start", None, "LOG", "restartpoint starting:%s%s%s%s%s%s%s%s"),
)


def _msgstrs(catalog: dict, msgid: str) -> list[str]:
    """Every translation of msgid in one catalog (a plural msgid has one per form)."""
    out = []
    if catalog.get(msgid):
        out.append(catalog[msgid])
    n = 0
    while (msgid, n) in catalog:
        if catalog[(msgid, n)]:
            out.append(catalog[(msgid, n)])
        n += 1
    return out


def generate(pattern: str = "/usr/share/locale/*/LC_MESSAGES/postgres-*.mo") -> dict:
    """Read the installed catalogs into {severity, label, messages} (the JSON this module loads)."""
    severity: dict[str, str] = {s: s for s in SEVERITIES}
    label: dict[str, str] = {s: s for s in LABELS}
    messages: dict[str, list[str]] = {m[3]: [] for m in MESSAGES}
    sources = []
    for path in sorted(glob.glob(pattern)):
        lang = Path(path).parts[-3]
        sources.append(f"{lang}/{Path(path).name}")
        catalog = gettext.GNUTranslations(open(path, "rb"))._catalog  # noqa: SIM115 - closed by GC, read once
        for word in SEVERITIES:
            for t in _msgstrs(catalog, word):
                # Georgian translates WARNING and NOTICE alike: the more severe one stands
                if severity.get(t.strip()) not in SEVERITIES[SEVERITIES.index(word) + 1:]:
                    severity[t.strip()] = word
        for name, msgid in _LABEL_MSGIDS.items():
            for t in _msgstrs(catalog, msgid):
                label[t.split(":")[0].strip()] = name
        for _, _, _, msgid in MESSAGES:
            for t in _msgstrs(catalog, msgid):
                if t not in messages[msgid]:
                    messages[msgid].append(t)
    # a word that is both a severity in one language and a label in another stays a severity
    label = {k: v for k, v in label.items() if k not in severity}
    return {"generated_from": sources, "severity": severity, "label": label, "messages": messages}


_CONV = re.compile(r"%(?:(\d+)\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?([sdiuxXfgcm%])")


def to_regex(template: str) -> str:
    """A printf template as a regex: %s/%m → lazy text, numbers → digits, groups a1, a2 … by argument."""
    out, pos, arg = [], 0, 0
    for m in _CONV.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        pos = m.end()
        if m.group(2) == "%":
            out.append("%")
            continue
        if m.group(2) == "m":  # strerror(errno): no argument of its own
            out.append("(?:.*?)")
            continue
        arg += 1
        n = int(m.group(1)) if m.group(1) else arg
        body = r"-?[0-9]+" if m.group(2) in "diuxX" else r"[0-9.,]+" if m.group(2) in "fg" else r".*?"
        out.append(f"(?P<a{n}>{body})" if f"(?P<a{n}>" not in "".join(out) else f"(?:{body})")
    out.append(re.escape(template[pos:]))
    # translations break lines where English does not (fr: "… trop fréquemment\n(toutes …"); the stderr
    # reader joins continuation lines with "\n", csv/json keep the newline: any run of whitespace matches
    return r"\s+".join(p for p in re.split(r"(?:\\\s|\\\n|\n| )+", "".join(out)))


def _literal(template: str) -> str:
    """The longest run of the template without a conversion or a line break: a line that lacks it
    cannot be that message (checked before the regex, which most lines then never reach)."""
    parts = [p.strip() for p in re.split(r"[\x00\n]", _CONV.sub("\x00", template))]
    return max((p for p in parts if p), key=len, default="")


@functools.lru_cache(maxsize=1)
def catalog() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    compiled = []
    for event, sqlstate, severity, msgid in MESSAGES:
        for text in [msgid, *data["messages"].get(msgid, [])]:
            compiled.append((event, sqlstate, severity, msgid, re.compile(to_regex(text), re.S), _literal(text)))
    data["compiled"] = compiled
    return data


def severity_of(word: str) -> str | None:
    """The canonical (English) severity of a severity word in any shipped language, or None."""
    return catalog()["severity"].get(word.strip())


def label_of(word: str) -> str | None:
    """DETAIL / HINT / QUERY / CONTEXT / STATEMENT / LOCATION for a label word in any language."""
    return catalog()["label"].get(word.strip())


@functools.lru_cache(maxsize=16)
def _candidates(severity: str | None, log_only: bool):
    """The templates a line of ``severity`` can be, and one regex finding any of their literals: most
    lines (LOG: duration, connection …) contain none, and one search settles them."""
    entries = [e for e in catalog()["compiled"]
               if (e[2] == "LOG" if log_only or severity == "LOG" else
                   severity is None or e[2] is None or e[2] == severity)]
    literals = sorted({e[5] for e in entries if e[5]}, key=len, reverse=True)
    return entries, re.compile("|".join(map(re.escape, literals))) if literals else None


def match(message: str, log_only: bool = False, severity: str | None = None
          ) -> list[tuple[str, str | None, str | None, str, re.Match]]:
    """The known messages ``message`` is (event, sqlstate, required severity, msgid, match): with
    ``log_only`` only those PostgreSQL logs at LOG without a SQLSTATE of their own; with ``severity``
    (canonical) only those that can have it."""
    first = message.strip()
    entries, any_literal = _candidates(severity, log_only)
    if any_literal is None or not any_literal.search(first):
        return []
    out = []
    for event, sqlstate, need, msgid, rx, literal in entries:
        if literal not in first:
            continue
        m = rx.fullmatch(first)
        if m:
            out.append((event, sqlstate, need, msgid, m))
    return out


if __name__ == "__main__":
    doc = generate()
    DATA.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{DATA}: {len(doc['generated_from'])} catalogs, {len(doc['severity'])} severity words, "
          f"{sum(len(v) for v in doc['messages'].values())} translated messages")
