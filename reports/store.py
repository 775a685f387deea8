"""The report store: every inspection's results model indexed in dbpatrol's database, its
rendered files under the report directory.

Writes are atomic. ``save`` renders into a private temporary directory (``<root>/.tmp/…``), renames
it into place (``<root>/<YYYY>/<MM>/<id>/``) and only then inserts the index rows in one
transaction. A crash while rendering leaves nothing listed and nothing outside ``.tmp`` (which
``gc()`` sweeps); a failing insert removes the renamed directory again. Report ids are the results'
ids (uuid4), so concurrent runs never write the same directory or row.

Re-rendering (``export``, the HTTP browser) reads the stored results model: no inspected database
is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dbpatrol import store_db
from dbpatrol.results import InspectionResult
from dbpatrol.settings import Settings, load_settings

from . import i18n
from .acks import AckStore
from .render import check_formats, render, render_bytes, report_filename, results_json
from .score import score_fleet

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
PREVIOUS_SCAN = 50  # earlier reports read, per check tier, to find each check's previous result
T = store_db.reports_table
RI = store_db.report_instances_table


class ReportNotFound(KeyError):
    pass


def _utc_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


@dataclass
class StoredReport:
    id: str
    tier: str
    plan: str | None
    business: str | None
    generated_at: dt.datetime
    window_start: dt.datetime
    window_end: dt.datetime
    stored_at: dt.datetime
    flow_run_id: str | None
    worst: str
    fleet_score: float
    counts: dict[str, int]
    lang: str
    dir: Path
    files: dict[str, Path]
    instances: list[str] = field(default_factory=list)
    unreachable_count: int = 0
    url: str | None = None  # the PDF (or first file) in the report browser

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("generated_at", "window_start", "window_end", "stored_at"):
            d[k] = d[k].isoformat()
        d["dir"] = str(self.dir)
        d["files"] = {k: str(v) for k, v in self.files.items()}
        return d


class ReportStore:
    """``ReportStore(settings)``; ``url`` overrides DBPATROL_STORE_URL, ``root`` the report dir,
    ``base_url`` the report browser's address used for links (settings.report_url)."""

    def __init__(self, settings: Settings | None = None, *, url: str | None = None, root: Path | None = None,
                 base_url: str | None = None):
        self.settings = settings or load_settings()
        self.url = url or store_db.store_url(self.settings)
        self.root = Path(root or self.settings.reports_path).resolve()
        self.base_url = (base_url or self.settings.report_url or "").rstrip("/")
        self.engine = store_db.get_engine(self.url)

    @property
    def acks(self) -> AckStore:
        """The acknowledgements kept in this store's database."""
        return AckStore(self.engine)

    # ------------------------------------------------------------------ writing

    def save(self, result: InspectionResult, formats: Iterable[str] = ("pdf", "html", "json"), lang: str = "en",
             *, tz: str | None = None, previous: InspectionResult | None | bool = True) -> StoredReport:
        """Render ``result`` in ``formats`` and index it. ``previous=True`` finds the previous
        report in this store for the "changes since" section; pass a result or None to override."""
        if not ID_RE.match(result.id):
            raise ValueError(f"report id {result.id!r} must match {ID_RE.pattern}")
        fmts = check_formats(formats)
        lang = i18n.normalise_lang(lang)
        if previous is True:
            previous = self.previous(result)
        tmp_root = self.root / ".tmp"
        tmp_root.mkdir(parents=True, exist_ok=True)
        tmp = tmp_root / f"{result.id}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        rel_dir = f"{result.generated_at:%Y}/{result.generated_at:%m}/{result.id}"
        final = self.root / rel_dir
        trash: Path | None = None
        try:
            paths = render(result, tmp, fmts, lang, previous=previous or None, tz=tz)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():  # the same result saved again (a retried task): replace it
                trash = tmp_root / f"old-{result.id}-{uuid.uuid4().hex[:8]}"
                final.rename(trash)
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if trash is not None and not final.exists():
                trash.rename(final)
            raise
        files = {fmt: p.name for fmt, p in paths.items()}
        try:
            self._insert(result, rel_dir, files, lang)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            if trash is not None:
                trash.rename(final)
            raise
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
        stored = self.get(result.id)
        assert stored is not None
        return stored

    def _insert(self, result: InspectionResult, rel_dir: str, files: dict[str, str], lang: str) -> None:
        fleet = score_fleet(result)
        row = {
            "id": result.id, "tier": result.tier, "plan": result.plan, "business": result.business,
            "generated_at": _utc_naive(result.generated_at), "window_start": _utc_naive(result.window_start),
            "window_end": _utc_naive(result.window_end),
            "stored_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
            "flow_run_id": result.flow_run_id, "worst": result.worst.value, "fleet_score": fleet.score,
            "counts": result.counts(), "instance_count": len(result.instances),
            "unreachable_count": sum(1 for i in result.instances if not i.reachable),
            "lang": lang, "rel_dir": rel_dir, "files": files, "results": results_json(result),
        }
        by_inst = fleet.by_instance()
        inst_rows = []
        seen = set()
        for i in result.instances:
            if i.name in seen:
                continue
            seen.add(i.name)
            inst_rows.append({"report_id": result.id, "instance": i.name, "engine": i.flavor or i.engine,
                              "reachable": i.reachable, "score": by_inst[i.name].score})
        with self.engine.begin() as conn:
            conn.execute(RI.delete().where(RI.c.report_id == result.id))
            conn.execute(T.delete().where(T.c.id == result.id))
            conn.execute(T.insert().values(**row))
            if inst_rows:
                conn.execute(RI.insert(), inst_rows)

    def delete(self, report_id: str) -> bool:
        stored = self.get(report_id)
        if stored is None:
            return False
        with self.engine.begin() as conn:
            conn.execute(RI.delete().where(RI.c.report_id == report_id))
            conn.execute(T.delete().where(T.c.id == report_id))
        shutil.rmtree(stored.dir, ignore_errors=True)
        return True

    def gc(self, older_than_s: float = 3600) -> int:
        """Remove temporary directories left by crashed renders; returns how many."""
        tmp_root = self.root / ".tmp"
        n = 0
        if tmp_root.is_dir():
            for p in tmp_root.iterdir():
                if time.time() - p.stat().st_mtime > older_than_s:
                    shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
                    n += 1
        return n

    # ------------------------------------------------------------------ reading

    _LIST_COLS = [c for c in T.c if c.name != "results"]

    def _to_stored(self, row, instances: list[str]) -> StoredReport:
        d = self.root / row.rel_dir
        files = {fmt: d / name for fmt, name in (row.files or {}).items()}
        first = "pdf" if "pdf" in files else next(iter(files), "html")
        return StoredReport(
            id=row.id, tier=row.tier, plan=row.plan, business=row.business,
            generated_at=_aware(row.generated_at), window_start=_aware(row.window_start),
            window_end=_aware(row.window_end), stored_at=_aware(row.stored_at), flow_run_id=row.flow_run_id,
            worst=row.worst, fleet_score=row.fleet_score, counts=dict(row.counts or {}), lang=row.lang,
            dir=d, files=files, instances=instances, unreachable_count=row.unreachable_count,
            url=self.url_for(row.id, first) if self.base_url else None)

    def _instances_of(self, conn, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {i: [] for i in ids}
        for chunk in (ids[k:k + 500] for k in range(0, len(ids), 500)):
            for r in conn.execute(sa.select(RI.c.report_id, RI.c.instance).where(RI.c.report_id.in_(chunk))
                                  .order_by(RI.c.instance)):
                out[r.report_id].append(r.instance)
        return out

    def list(self, plan: str | None = None, instance: str | None = None, since: dt.datetime | dt.date | None = None,
             tier: str | None = None, limit: int | None = None) -> list[StoredReport]:
        """Stored reports, newest first, filtered by plan, instance name, tier and generated_at ≥ since."""
        q = sa.select(*self._LIST_COLS)
        if plan:
            q = q.where(T.c.plan == plan)
        if tier:
            q = q.where(T.c.tier == tier)
        if instance:
            q = q.where(T.c.id.in_(sa.select(RI.c.report_id).where(RI.c.instance == instance)))
        if since is not None:
            if not isinstance(since, dt.datetime):
                since = dt.datetime(since.year, since.month, since.day)
            q = q.where(T.c.generated_at >= _utc_naive(since))
        q = q.order_by(T.c.generated_at.desc(), T.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            insts = self._instances_of(conn, [r.id for r in rows])
        return [self._to_stored(r, insts[r.id]) for r in rows]

    def ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """Ids that start with ``prefix`` (at least 4 characters of a valid id), at most ``limit``:
        the report browser and `reports list` show ids cut to 8 characters, and those must work as
        addresses and arguments."""
        if not isinstance(prefix, str) or len(prefix) < 4 or not ID_RE.match(prefix):
            return []
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(T.c.id).where(T.c.id.like(pattern, escape="\\")).limit(limit)).scalars()
            return list(rows)

    def get(self, report_id: str) -> StoredReport | None:
        if not isinstance(report_id, str) or not ID_RE.match(report_id):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*self._LIST_COLS).where(T.c.id == report_id)).first()
            if row is None:
                return None
            insts = self._instances_of(conn, [row.id])
        return self._to_stored(row, insts[row.id])

    def load_result(self, report_id: str) -> InspectionResult:
        if not isinstance(report_id, str) or not ID_RE.match(report_id):
            raise ReportNotFound(report_id)
        with self.engine.connect() as conn:
            text = conn.execute(sa.select(T.c.results).where(T.c.id == report_id)).scalar()
        if text is None:
            raise ReportNotFound(report_id)
        return InspectionResult.model_validate_json(text)

    def previous(self, result: InspectionResult) -> InspectionResult | None:
        """What ``result`` is compared with: per instance and check (and database, for a
        database-scope check), that check's last result for that instance in an earlier stored
        report of any tier or plan that ran it.

        A weekly check after a week of daily runs is compared with the last weekly (or rarer)
        report; a report in which the instance was unreachable, or the check disabled, is passed
        over (the check did not run there). A check missing altogether from an earlier report that
        should have run it did not exist yet: the search for it stops there. An instance with no
        findings now (unreachable with nothing listed) gets its latest stored state whole.

        The answer is one results model composed from those reports, named after the newest of them
        (its id, tier and time); None when no earlier report holds any of the instances. Each report
        is read at most once, and at most ``PREVIOUS_SCAN`` reports per check tier."""
        from checks.spec import TIERS  # the tier order only; reports never need the registry

        def runs(report_tier: str, check_tier: str) -> bool:
            """A report of a tier runs the checks of that tier and of every more frequent one."""
            if report_tier not in TIERS or check_tier not in TIERS:
                return True
            return TIERS.index(report_tier) >= TIERS.index(check_tier)

        before = _utc_naive(result.generated_at)
        wanted: dict[str, dict[str, set[tuple[str, str | None]]]] = {}  # check tier → instance → (code, db)
        whole: set[str] = set()
        for inst in result.instances:
            if not inst.findings:
                whole.add(inst.name)
            for f in inst.findings:
                wanted.setdefault(f.tier, {}).setdefault(inst.name, set()).add((f.code, f.database))
        names = [i.name for i in result.instances]
        if not names:
            return None
        reads = {tier: 0 for tier in wanted}
        chosen: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = {}  # instance → key → finding
        source: dict[str, tuple[dt.datetime, str, dict[str, Any]]] = {}  # instance → (time, report, its doc)
        newest: tuple[dt.datetime, str, dict[str, Any]] | None = None

        def pending(tier: str) -> bool:
            return any(wanted[tier].values()) and reads[tier] < PREVIOUS_SCAN

        with self.engine.connect() as conn:
            whole_from = set()  # the latest report of each instance wanted whole
            for name in whole:
                rid = conn.execute(sa.select(T.c.id).join(RI, RI.c.report_id == T.c.id)
                                   .where(RI.c.instance == name, T.c.generated_at < before, T.c.id != result.id)
                                   .order_by(T.c.generated_at.desc(), T.c.id).limit(1)).scalar()
                if rid:
                    whole_from.add(rid)
            rows = conn.execute(
                sa.select(T.c.id, T.c.generated_at, T.c.tier)
                .where(T.c.generated_at < before, T.c.id != result.id,
                       T.c.id.in_(sa.select(RI.c.report_id).where(RI.c.instance.in_(names))))
                .order_by(T.c.generated_at.desc(), T.c.id)).all()
            for rid, gen, report_tier in rows:
                serves = [tier for tier in wanted if pending(tier) and runs(report_tier, tier)]
                if not serves and rid not in whole_from:
                    if not whole_from and not any(pending(tier) for tier in wanted):
                        break
                    continue  # a report of a tier too frequent for the checks still looked for: not read
                whole_from.discard(rid)
                doc = json.loads(conn.execute(sa.select(T.c.results).where(T.c.id == rid)).scalar())
                for tier in serves:
                    reads[tier] += 1
                used = False
                for inst_doc in doc.get("instances", []):
                    name = inst_doc.get("name")
                    findings = inst_doc.get("findings", [])
                    if name in whole:
                        whole.discard(name)
                        chosen[name] = {(fd["code"], fd.get("database")): fd for fd in findings}
                        source[name] = (gen, rid, inst_doc)
                        used = True
                        continue
                    if not inst_doc.get("reachable"):
                        continue  # nothing ran on an unreachable instance
                    present = {(fd["code"], fd.get("database")): fd for fd in findings}
                    for tier in serves:
                        keys = wanted[tier].get(name)
                        if not keys:
                            continue
                        for key in list(keys):
                            fd = present.get(key)
                            if fd is None:
                                keys.discard(key)  # not run by a report that should have: it did not exist yet
                            elif fd.get("skip_reason") != "disabled":
                                chosen.setdefault(name, {})[key] = fd
                                keys.discard(key)
                                if name not in source or source[name][0] < gen:
                                    source[name] = (gen, rid, inst_doc)
                                used = True
                if used and (newest is None or newest[0] < gen):
                    newest = (gen, rid, doc)
                if not whole_from and not any(pending(tier) for tier in wanted):
                    break
        if newest is None:
            return None
        doc = {k: v for k, v in newest[2].items() if k != "instances"}
        doc["instances"] = [{**source[i.name][2], "findings": list(chosen.get(i.name, {}).values())}
                            for i in result.instances if i.name in source]
        return InspectionResult.model_validate(doc)

    # ------------------------------------------------------------------ files and exports

    def file_path(self, report_id: str, fmt: str) -> Path | None:
        """The stored file of ``fmt`` if it exists and lies inside the report directory."""
        stored = self.get(report_id)
        if stored is None or fmt not in stored.files:
            return None
        path = stored.files[fmt].resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def render(self, report_id: str, fmt: str, lang: str = "en", tz: str | None = None) -> bytes:
        """Re-render a stored report from its stored results (no inspected database touched)."""
        result = self.load_result(report_id)
        return render_bytes(result, fmt, i18n.normalise_lang(lang), self.previous(result), tz)

    def export(self, report_id: str, fmt: str, lang: str = "en", path: Path | None = None,
               tz: str | None = None) -> Path:
        """Write ``fmt`` in ``lang`` to ``path`` (a file, or a directory for the standard name)."""
        fmt = check_formats([fmt])[0]
        result = self.load_result(report_id)
        data = render_bytes(result, fmt, i18n.normalise_lang(lang), self.previous(result), tz)
        name = report_filename(result, fmt)
        if path is None:
            path = Path.cwd() / name
        elif path.is_dir():
            path = path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path

    def url_for(self, report_id: str, fmt: str | None = None, base_url: str | None = None) -> str:
        base = (base_url or self.base_url).rstrip("/")
        return f"{base}/reports/{report_id}" + (f"/download/{fmt}" if fmt else "")


def stored_json(reports: list[StoredReport]) -> str:
    return json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2)
