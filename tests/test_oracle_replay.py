"""Oracle checks run end to end through checks/execute.py against a recorded-statement fake.

No Oracle server can run here, so this is SQL record/replay at the connection level (as Soda's
test suite does for warehouses it cannot start): ``ReplaySession`` is the real ``OracleSession``
(facts from the replayed USERENV / V$ rows, privilege probes, read-only transactions, binds) with
only ``fetch`` replaced — it records every statement sent and answers from each check's own
healthy fixture rows. It proves what is sent and what is refused before sending; it does not prove
that Oracle answers as the fixtures say (tests/test_oracle_sql.py and the fixtures' sources do
what can be done for that).

Licence safety (issue 12 item 2): with control_management_pack_access NONE no statement sent names
a Diagnostics Pack view and every pack check is SKIPPED not applicable; with DIAGNOSTIC+TUNING the
pack checks run. The catalog rule: an oracle.sql naming a pack view must require diagnostics_pack.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checks import registry
from checks.adapters import ConnectTarget, oracle
from checks.execute import run_check
from checks.spec import parse_version
from dbpatrol.results import Outcome

from .fixture_files import load

REG = registry.load()
# Host checks collect over ssh (checks/host), not by SQL: nothing to replay at the connection; their own
# tests run them against a real sshd (tests/test_host_*.py) and their fixtures judge the rows.
ORACLE_CHECKS = [c for c in REG if c.supports("oracle") and c.collector_for("oracle") is None]
END = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
WINDOW = (END - dt.timedelta(days=1), END)


def _healthy(check, sql: str = "oracle.sql") -> dict:
    """The check's healthy fixture for one SQL file (a source path has its own: oracle+awr.sql …)."""
    fx = [load(p) for p in sorted((check.folder / "fixtures").glob("oracle-*.yaml"))]
    return next(f for f in fx if f["expect"]["outcome"] == "OK" and f["sql"] == sql)


def _healthy_rows(check, sql: str = "oracle.sql") -> list[dict]:
    return _healthy(check, sql)["rows"]


def _thresholds(check, sql: str = "oracle.sql"):
    """The healthy fixture's own overrides (e.g. a site's approved DBA list), as a run layer."""
    return REG.effective_thresholds(check.code, [("run", {check.code: _healthy(check, sql).get("thresholds") or {}})])


class _OracleError(Exception):
    """Shaped like python-oracledb's errors: args[0] carries code / full_code / message."""

    def __init__(self, code: int, message: str):
        class _E:
            pass

        e = _E()
        e.code, e.full_code, e.message = code, f"ORA-{code:05d}", message
        super().__init__(e)


class _Raw:
    """What OracleSession.begin touches on a python-oracledb connection."""

    call_timeout = 0
    version = "19.22.0.0.0"


class ReplaySession(oracle.OracleSession):
    """OracleSession with the driver replaced by recorded answers; ``sent`` is every statement."""

    def __init__(self, *, pack_access: str | None = "NONE", con_id: int = 0, con_name: str = "ORCL",
                 role: str = "PRIMARY", answers: dict[str, list[dict]] | None = None, any_dictionary: bool = True,
                 roles: tuple[str, ...] = ("SELECT_CATALOG_ROLE", "AUDIT_VIEWER"), statspack: bool = False,
                 refused: tuple[str, ...] = (), licensed_packs: tuple[str, ...] = ("diagnostics", "tuning")):
        super().__init__(ConnectTarget("oracle", "replay.invalid", 1521, "ORCL", "dbpatrol_mon",
                                       licensed_packs=licensed_packs))
        self.refused = set(refused)  # statements answered ORA-00942, as to a user without the grant
        self.sent: list[str] = []
        self.binds: list[dict] = []
        self.answers = answers or {}
        self._facts_rows = {
            oracle.FACTS_SQL: [{"database_role": role, "con_name": con_name, "con_id": str(con_id),
                                "session_id": "4711", "db_name": "ORCL"}],
            oracle.INSTANCE_SQL: [{"version_full": "19.22.0.0.0", "uptime_s": 864000, "startup_time": None}],
            oracle.DATABASE_SQL: [{"open_mode": "READ WRITE", "cdb": "YES" if con_id else "NO", "log_mode": "ARCHIVELOG"}],
            oracle.PACK_SQL: [{"value": pack_access}],
            oracle.SESSION_PRIVS_SQL: [{"privilege": "CREATE SESSION"}]
            + ([{"privilege": "SELECT ANY DICTIONARY"}] if any_dictionary else []),
            oracle.SESSION_ROLES_SQL: [{"role": r} for r in roles],
            oracle.STATSPACK_SQL: [{"snaps": 1}] if statspack else None,  # None: PERFSTAT absent (ORA-00942)
        }
        self._raw = _Raw()
        self.after_connect()  # the real facts code, on replayed rows
        self.version = parse_version(self.server_version)

    def fetch(self, sql, params=None):
        self.sent.append(sql)
        self.binds.append({k: oracle._bindable(v) for k, v in (params or {}).items()})
        if sql in self.refused:
            raise _OracleError(942, "ORA-00942: table or view does not exist")
        if sql == oracle.PACK_SQL and self._facts_rows[sql][0]["value"] is None:
            raise _OracleError(942, "ORA-00942: table or view does not exist")
        if sql == oracle.STATSPACK_SQL and self._facts_rows[sql] is None:
            raise _OracleError(942, "ORA-00942: table or view does not exist")
        if sql in self._facts_rows:
            return self._facts_rows[sql]
        if sql in ("SET TRANSACTION READ ONLY", "COMMIT", "ROLLBACK"):
            return []
        return self.answers.get(sql, [])

    def close(self):
        pass


def _chosen(check, session: ReplaySession):
    """The SQL file this session's facts select for the check (its source path, or the plain file)."""
    return check.sql_for("oracle", session.version, session.facts)


def _replay_all(session: ReplaySession) -> dict[str, object]:
    session.answers = {_chosen(c, session).text: _healthy_rows(c, _chosen(c, session).path.name) for c in ORACLE_CHECKS}
    return {c.code: run_check(session, c, _thresholds(c, _chosen(c, session).path.name), WINDOW) for c in ORACLE_CHECKS}


def _for_role(role: str) -> set[str]:
    return {c.code for c in ORACLE_CHECKS if role in c.spec.support("oracle").roles}


def _pack_checks():
    return {c.code for c in ORACLE_CHECKS if "diagnostics_pack" in c.spec.support("oracle").requires}


def test_there_are_pack_and_licence_free_checks():
    assert _pack_checks(), "no Diagnostics Pack check: the licence test would prove nothing"
    assert len(ORACLE_CHECKS) - len(_pack_checks()) >= 10


def test_without_the_pack_no_statement_names_a_pack_view():
    s = ReplaySession(pack_access="NONE")
    assert s.facts["diagnostics_pack"] is False and s.facts["container_kind"] == "non-cdb"
    findings = _replay_all(s)
    named = {sql: oracle.pack_views_in(sql) for sql in s.sent if oracle.pack_views_in(sql)}
    assert named == {}, f"sent to a database without the Diagnostics Pack: {named}"
    for code in _pack_checks():
        f = findings[code]
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
        assert "DIAGNOSTIC" in f.message.en
    ran = {code for code, f in findings.items() if f.outcome is not Outcome.SKIPPED}
    assert ran == _for_role("primary") - _pack_checks(), {c: f.message.en for c, f in findings.items() if c not in ran}
    assert all(f.outcome is Outcome.OK for c, f in findings.items() if c in ran), \
        {c: f.message.en for c, f in findings.items() if c in ran and f.outcome is not Outcome.OK}
    # every check ran in its own read-only transaction
    assert s.sent.count("SET TRANSACTION READ ONLY") >= len(ran)


@pytest.mark.parametrize("pack_access,any_dictionary", [("NONE", False), (None, True), (None, False)],
                         ids=["none-probes-sent", "parameter-unreadable", "parameter-unreadable-probes-sent"])
def test_no_pack_view_is_named_however_the_licence_is_not_declared(pack_access, any_dictionary):
    """Privilege probes (SELECT 1 FROM <view> WHERE ROWNUM < 1) are statements too; and a user who may
    not read V$PARAMETER declares no licence: the pack checks do not run (licence before "unknown")."""
    s = ReplaySession(pack_access=pack_access, any_dictionary=any_dictionary)
    assert s.facts["diagnostics_pack"] is False
    findings = _replay_all(s)
    assert [sql for sql in s.sent if oracle.pack_views_in(sql)] == []
    assert all(findings[c].outcome is Outcome.SKIPPED for c in _pack_checks())
    if not any_dictionary:
        assert any(sql.startswith("SELECT 1 FROM V$") for sql in s.sent), "no privilege probe was sent"


def test_readme_publishes_the_oracle_grants_the_catalog_declares():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- oracle-grants -->")
    block = readme[start:readme.index("```", readme.index("```sql", start) + 6)]
    published = [line.strip() for line in block.splitlines() if line.strip().startswith("GRANT ")]
    assert published == oracle.grant_statements(), "README's Oracle grant list differs from the catalog: regenerate it " \
        "with: uv run python -c 'from checks.adapters import oracle; print(*oracle.grant_statements(), sep=chr(10))'"


def test_a_refused_facts_view_degrades_that_fact_not_the_instance():
    """Issue 12 item 4: a user without SELECT on V$INSTANCE / V$DATABASE / V$PARAMETER still gets a session:
    those facts are unknown (never false), USERENV's facts stay, and every check still runs, judged on its
    own grants (probed per check) — none is SKIPPED, failed or made OK by the missing fact."""
    s = ReplaySession(refused=(oracle.INSTANCE_SQL, oracle.DATABASE_SQL, oracle.PACK_SQL))
    assert s.server_version == "19.22.0.0.0"  # from the login, not from V$INSTANCE
    assert "uptime_s" not in s.facts and s.facts.get("archiving") is None and s.facts.get("cdb") is None
    assert s.facts["container"] == "ORCL" and s.facts["container_kind"] == "non-cdb" and s.facts["role"] == "primary"
    assert s.facts["diagnostics_pack"] is False  # an unreadable licence parameter declares no licence
    findings = _replay_all(s)
    ran = {code for code, f in findings.items() if f.outcome is not Outcome.SKIPPED}
    assert ran == _for_role("primary") - _pack_checks(), {c: f.message.en for c, f in findings.items() if c not in ran}
    assert all(findings[c].outcome is Outcome.OK for c in ran), \
        {c: findings[c].message.en for c in ran if findings[c].outcome is not Outcome.OK}


def test_the_parameter_alone_is_not_a_licence():
    # control_management_pack_access defaults to DIAGNOSTIC+TUNING on Enterprise Edition whether or
    # not the pack was bought (oracle-perf-review S1): without licensed_packs: [diagnostics] in the
    # inventory no statement names a pack view, and the pack-only checks say how to declare it.
    s = ReplaySession(pack_access="DIAGNOSTIC+TUNING", licensed_packs=())
    assert s.facts["diagnostics_pack"] is False and s.facts["pack_declared"] is False
    findings = _replay_all(s)
    named = {sql: oracle.pack_views_in(sql) for sql in s.sent if oracle.pack_views_in(sql)}
    assert named == {}, f"sent without a declared licence: {named}"
    for code in _pack_checks():
        f = findings[code]
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
        assert "licensed_packs: [diagnostics]" in f.message.en and "licensed_packs" in (f.message.zh or ""), f.message.en


def test_with_diagnostic_tuning_the_pack_checks_run():
    s = ReplaySession(pack_access="DIAGNOSTIC+TUNING")
    assert s.facts["diagnostics_pack"] is True
    findings = _replay_all(s)
    for code in _pack_checks():
        assert findings[code].outcome is Outcome.OK, findings[code].message.en
        assert oracle.pack_views_in(REG.get(code).sql_for("oracle", s.version).text) <= {
            p for sql in s.sent for p in oracle.pack_views_in(sql)}


def test_on_a_standby_the_standby_checks_run():
    s = ReplaySession(role="PHYSICAL STANDBY")
    assert s.facts["role"] == "standby"
    findings = _replay_all(s)
    ran = {code for code, f in findings.items() if f.outcome is not Outcome.SKIPPED}
    assert ran == _for_role("standby") - _pack_checks()
    assert _for_role("standby") - _for_role("primary"), "no standby-only Oracle check"


def test_window_binds_reach_oracle_as_naive_utc():
    s = ReplaySession()
    _replay_all(s)
    sent = [b for b in s.binds if "window_start" in b]
    assert sent, "no window check bound the window"
    for b in sent:
        assert b["window_start"] == WINDOW[0].replace(tzinfo=None) and b["window_end"] == WINDOW[1].replace(tzinfo=None)


@pytest.mark.parametrize("check", ORACLE_CHECKS, ids=lambda c: c.code)
def test_catalog_rule_a_pack_view_needs_the_pack_requirement(check):
    support = check.spec.support("oracle")
    paths = {p.name: p for p in support.paths}
    for v in check.sql["oracle"]:
        if oracle.pack_views_in(v.text) and v.source != "awr":  # the AWR path is taken only with the pack
            assert "diagnostics_pack" in support.requires, \
                f"{check.code}/{v.path.name} reads {oracle.pack_views_in(v.text)} without requires=('diagnostics_pack',)"
        if v.source is not None:
            assert paths[v.source].fact == {"awr": "diagnostics_pack", "statspack": "statspack"}[v.source]
            assert not oracle.pack_views_in(paths[v.source].privilege) or v.source == "awr", v.path.name
        if v.source is None and not support.requires:  # the licence-free SQL and its privilege probes
            assert not oracle.pack_views_in(v.text) and not oracle.pack_views_in(support.privilege), v.path.name
        if (paths[v.source].basis if v.source else check.spec.basis) == "window":
            assert {"window_start", "window_end"} <= registry.bind_names(v.text), \
                f"{check.code}: a window check binds both :window_start and :window_end (half-open)"


def test_the_pack_rule_catches_what_it_must():
    assert oracle.pack_views_in("SELECT * FROM dba_hist_sqlstat s JOIN v$session x ON 1 = 1")== {"DBA_HIST_SQLSTAT"}
    assert oracle.pack_views_in("select count(*) from gv$active_session_history") == {"GV$ACTIVE_SESSION_HISTORY"}
    assert oracle.pack_views_in("SELECT * FROM cdb_hist_sysstat") == {"CDB_HIST_SYSSTAT"}
    assert oracle.pack_views_in("SELECT * FROM dba_addm_findings") == {"DBA_ADDM_FINDINGS"}
    assert oracle.pack_views_in("SELECT dbms_workload_repository.awr_report_text(1, 2, 3, 4) FROM dual") == \
        {"DBMS_WORKLOAD_REPOSITORY"}
    for free in ("DBA_HIST_SNAPSHOT", "dba_hist_undostat", "DBA_HIST_SEG_STAT", "DBA_HIST_DATABASE_INSTANCE"):
        assert oracle.pack_views_in(f"SELECT * FROM {free}") == set(), free
    assert oracle.pack_views_in("SELECT 'dba_hist_sqlstat' AS t FROM dual -- v$active_session_history") == set()


# ----- CDB / PDB placement ------------------------------------------------------------------------

def _placed(where: str):
    return [c for c in ORACLE_CHECKS if c.spec.support("oracle").container == where]


@pytest.mark.parametrize("con_id,con_name,kind", [(0, "ORCL", "non-cdb"), (1, "CDB$ROOT", "root"), (3, "PDBAPP1", "pdb")])
def test_container_facts_from_userenv(con_id, con_name, kind):
    s = ReplaySession(con_id=con_id, con_name=con_name)
    assert s.facts["container_kind"] == kind and s.facts["container"] == con_name


def test_root_checks_skip_in_a_pdb_and_pdb_checks_skip_in_the_root():
    assert _placed("root"), "no check declares container='root'"
    in_pdb = _replay_all(ReplaySession(con_id=3, con_name="PDBAPP1"))
    for c in _placed("root"):
        if c.code not in _for_role("primary") or c.code in _pack_checks():
            continue  # a pack check in a PDB without the pack: the licence reason comes first
        f = in_pdb[c.code]
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable"
        assert "runs in the CDB root (CDB$ROOT); this session is in PDB PDBAPP1" in f.message.en and f.message.zh
    in_root = _replay_all(ReplaySession(con_id=1, con_name="CDB$ROOT"))
    for c in _placed("root") + _placed("any"):
        assert "runs in" not in in_root[c.code].message.en
    for c in _placed("pdb"):
        assert in_root[c.code].outcome is Outcome.SKIPPED and "runs in each PDB" in in_root[c.code].message.en
    non_cdb = _replay_all(ReplaySession(con_id=0))
    assert not [code for code, f in non_cdb.items() if "runs in" in f.message.en]


def test_every_oracle_check_declares_where_it_runs():
    """Issue 12 item 3: each Oracle check says root, each PDB, or any container (written in its spec,
    not left to the default), so where a CDB-wide or a per-PDB check runs is a decision someone made."""
    undeclared = [c.code for c in ORACLE_CHECKS if "container" not in c.spec.support("oracle").model_fields_set]
    assert undeclared == [], f"Oracle checks without container= in their EngineSupport: {undeclared}"


def test_container_is_an_oracle_only_setting():
    from checks.spec import EngineSupport

    spec = REG.get("RUN001").spec
    with pytest.raises(ValueError, match="Oracle multitenant"):
        spec.model_validate({**spec.model_dump(), "judge": spec.judge,
                             "engines": {"postgresql": EngineSupport(privilege="login", container="root")}})


def test_replay_answers_only_what_the_checks_ask(tmp_path: Path):
    """The fake is not vacuous: an unknown statement gets no rows, and a check then says so."""
    s = ReplaySession()
    check = REG.get("RUN018")
    f = run_check(s, check, REG.effective_thresholds("RUN018", []), WINDOW)
    assert f.outcome is Outcome.ERROR and "returned no row" in f.message.en


def test_a_role_the_user_lacks_skips_the_check_naming_it():
    s = ReplaySession(roles=("SELECT_CATALOG_ROLE",))
    findings = _replay_all(s)
    needs_role = [c.code for c in ORACLE_CHECKS if "AUDIT_VIEWER" in c.spec.support("oracle").privilege]
    assert needs_role
    for code in needs_role:
        assert findings[code].outcome is Outcome.SKIPPED and findings[code].message.en == "missing privilege: AUDIT_VIEWER"


# ----- source paths: AWR with the pack, Statspack without it, else the licence-free V$ views (issue 12) ----

def _with_paths(name: str):
    return [c for c in ORACLE_CHECKS if any(p.name == name for p in c.spec.support("oracle").paths)]


def test_there_are_checks_on_each_source_path():
    assert len(_with_paths("awr")) >= 4 and len(_with_paths("statspack")) >= 3


def test_with_diagnostic_tuning_the_awr_path_is_used_and_evaluates_the_window():
    s = ReplaySession(pack_access="DIAGNOSTIC+TUNING", statspack=True)  # AWR wins over Statspack
    findings = _replay_all(s)
    for c in _with_paths("awr"):
        awr = next(v for v in c.sql["oracle"] if v.source == "awr")
        assert awr.text in s.sent, f"{c.code}: the AWR SQL was not sent"
        assert [v.text for v in c.sql["oracle"] if v.source != "awr" and v.text in s.sent] == [], c.code
        f = findings[c.code]
        assert f.outcome is Outcome.OK and f.basis == "window" and "AWR" in f.message.en, (c.code, f.message.en)


def test_without_the_pack_statspack_is_used_when_readable():
    s = ReplaySession(pack_access="NONE", statspack=True)
    assert s.facts["statspack"] is True and s.facts["diagnostics_pack"] is False
    findings = _replay_all(s)
    assert [sql for sql in s.sent if oracle.pack_views_in(sql)] == []
    for c in _with_paths("statspack"):
        sp = next(v for v in c.sql["oracle"] if v.source == "statspack")
        assert sp.text in s.sent, f"{c.code}: the Statspack SQL was not sent"
        f = findings[c.code]
        assert f.outcome is Outcome.OK and f.basis == "window" and "Statspack" in f.message.en, (c.code, f.message.en)


def test_without_pack_or_statspack_the_licence_free_views_say_since_when():
    s = ReplaySession(pack_access="NONE", statspack=False)
    assert s.facts["statspack"] is False
    findings = _replay_all(s)
    assert not [sql for sql in s.sent if "STATS$" in sql.upper() and sql != oracle.STATSPACK_SQL]
    for c in _with_paths("awr") + _with_paths("statspack"):
        plain = next(v for v in c.sql["oracle"] if v.source is None)
        assert plain.text in s.sent, c.code
        f = findings[c.code]
        assert f.outcome is Outcome.OK and f.basis == c.spec.basis != "window", (c.code, f.basis)
        assert "since" in f.message.en or "last" in f.message.en, (c.code, f.message.en)


def test_statspack_privileges_are_probed_only_on_that_path():
    """A Statspack table the user may not read (no grant) SKIPs the check as missing privilege; the
    probe names PERFSTAT, and SELECT ANY DICTIONARY does not stand for it (PERFSTAT is no dictionary)."""
    s = ReplaySession(pack_access="NONE", statspack=True)
    s.answers = {}
    check = _with_paths("statspack")[0]
    real = s.fetch

    def refuse(sql, params=None):
        if sql.startswith("SELECT 1 FROM PERFSTAT."):
            s.sent.append(sql)
            raise _OracleError(942, "ORA-00942: table or view does not exist")
        return real(sql, params)

    s.fetch = refuse
    f = run_check(s, check, _thresholds(check, "oracle+statspack.sql"), WINDOW)
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege" and "PERFSTAT." in f.message.en, f.message.en
