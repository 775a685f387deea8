"""Acknowledgements: known issues a DBA muted, with a reason, an author and an expiry.

Kept in the report store's database (``dbpatrol/store_db.py``: ``dbpatrol_acknowledgements`` and
the ``dbpatrol_ack_audit`` trail, which records every add and remove with time, who and what and
is never deleted). ``apply_acks`` marks the findings of a fresh inspection before it is rendered
and stored (``flows/publish.py``):

* an ack of (instance, check) without an object acknowledges the finding of that check;
* an ack naming an object acknowledges that object (``ObjectFinding.acknowledged``); when every
  object at fault is acknowledged the finding itself is;
* for a check that runs in each database (``Finding.database``), an ack naming a database applies
  to that database's finding only: ``public.t`` acknowledged in ``appdb`` is still live in
  ``otherdb``. An ack without a database (every ack stored before acks named one) applies in every
  database, as it always did — except one whose object names the database itself
  (``appdb.public``, the keys SEC025/SEC026/SEC029 had before), which applies in that database only;
* only findings that say something is wrong are marked (WARNING, CRITICAL, ERROR);
* an ack whose ``until`` lies before the inspection time has expired: it is listed as expired
  and applies no more, so the finding is live again.

An acknowledged finding keeps its outcome and stays in every report, marked; it costs no score
(reports/score.py).

The check codes are validated by the CLI (against the catalog) — this module knows no catalog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Iterable

import sqlalchemy as sa

from dbpatrol import store_db
from dbpatrol.results import Acknowledgement, InspectionResult, Outcome

A = store_db.acknowledgements_table
AUDIT = store_db.ack_audit_table
ACKABLE = (Outcome.WARNING, Outcome.CRITICAL, Outcome.ERROR)
PROBLEM = (Outcome.WARNING, Outcome.CRITICAL)
UTC = dt.timezone.utc


class AckNotFound(KeyError):
    pass


class AckExists(ValueError):
    """The same (instance, check, object, database) is already acknowledged by an ack that has not expired."""


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("times must carry a timezone")
    return value.astimezone(UTC).replace(tzinfo=None)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


@dataclass
class Ack:
    id: int
    instance: str
    code: str
    object: str | None
    reason: str
    by: str
    until: dt.datetime | None  # aware, UTC; None: until removed
    created_at: dt.datetime
    database: str | None = None  # a database-scope check's ack for one database; None: every database

    def expired(self, at: dt.datetime | None = None) -> bool:
        return self.until is not None and self.until < (at or _now())

    def acknowledgement(self) -> Acknowledgement:
        return Acknowledgement(id=self.id, reason=self.reason, by=self.by, until=self.until, object=self.object,
                               database=self.database)

    def as_dict(self, at: dt.datetime | None = None) -> dict[str, Any]:
        d = asdict(self)
        d["until"] = self.until.isoformat() if self.until else None
        d["created_at"] = self.created_at.isoformat()
        d["status"] = "expired" if self.expired(at) else "active"
        return d


@dataclass
class AuditEntry:
    id: int
    at: dt.datetime
    action: str  # add | remove
    ack_id: int
    by: str  # who made the change
    instance: str
    code: str
    object: str | None
    reason: str
    ack_by: str  # the acknowledgement's author
    until: dt.datetime | None
    database: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        d["until"] = self.until.isoformat() if self.until else None
        return d


def _ack(row) -> Ack:
    return Ack(id=row.id, instance=row.instance, code=row.code, object=row.object, reason=row.reason, by=row.by,
               until=_aware(row.until), created_at=_aware(row.created_at), database=row.database)


class AckStore:
    """Acknowledgements in the report store's database (``ReportStore.acks``)."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def add(self, instance: str, code: str, reason: str, *, by: str, object: str | None = None,
            until: dt.datetime | None = None, now: dt.datetime | None = None, database: str | None = None) -> Ack:
        """``database``: for a check that runs in each database, the one database the ack applies to
        (None: every database). Which checks those are is the CLI's to validate (it knows the catalog)."""
        now = now or _now()
        reason = (reason or "").strip()
        if not reason:
            raise ValueError("an acknowledgement needs a reason")
        if not (by or "").strip():
            raise ValueError("an acknowledgement needs an author (by)")
        if not instance or not code:
            raise ValueError("an acknowledgement needs an instance and a check code")
        if until is not None and until < now:
            raise ValueError(f"until {until.isoformat()} is in the past: the acknowledgement would never apply")
        with self.engine.begin() as conn:
            for row in conn.execute(sa.select(A).where(
                    A.c.instance == instance, A.c.code == code,
                    A.c.object.is_(None) if object is None else A.c.object == object,
                    A.c.database.is_(None) if database is None else A.c.database == database)):
                if not _ack(row).expired(now):
                    what = (f"{code} on {instance}" + (f" in database {database}" if database else "")
                            + (f" object {object}" if object else ""))
                    raise AckExists(f"{what} is already acknowledged by ack {row.id}; remove it first")
            values = {"instance": instance, "code": code, "object": object, "database": database, "reason": reason,
                      "by": by.strip(), "until": _naive(until), "created_at": _naive(now)}
            ack_id = conn.execute(A.insert().values(**values)).inserted_primary_key[0]
            conn.execute(AUDIT.insert().values(at=_naive(now), action="add", ack_id=ack_id, by=by.strip(),
                                               instance=instance, code=code, object=object, database=database,
                                               reason=reason, ack_by=by.strip(), until=_naive(until)))
            row = conn.execute(sa.select(A).where(A.c.id == ack_id)).one()
        return _ack(row)

    def remove(self, ack_id: int, *, by: str, now: dt.datetime | None = None) -> Ack:
        now = now or _now()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(A).where(A.c.id == ack_id)).first()
            if row is None:
                raise AckNotFound(ack_id)
            conn.execute(A.delete().where(A.c.id == ack_id))
            conn.execute(AUDIT.insert().values(at=_naive(now), action="remove", ack_id=row.id, by=by,
                                               instance=row.instance, code=row.code, object=row.object,
                                               database=row.database, reason=row.reason, ack_by=row.by,
                                               until=row.until))
        return _ack(row)

    def get(self, ack_id: int) -> Ack | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(A).where(A.c.id == ack_id)).first()
        return _ack(row) if row else None

    def list(self, *, instance: str | None = None) -> list[Ack]:
        """Every acknowledgement not removed (active and expired), oldest first."""
        q = sa.select(A).order_by(A.c.id)
        if instance:
            q = q.where(A.c.instance == instance)
        with self.engine.connect() as conn:
            return [_ack(r) for r in conn.execute(q)]

    def active(self, at: dt.datetime | None = None) -> list[Ack]:
        at = at or _now()
        return [a for a in self.list() if not a.expired(at)]

    def audit(self, ack_id: int | None = None) -> list[AuditEntry]:
        q = sa.select(AUDIT).order_by(AUDIT.c.id)
        if ack_id is not None:
            q = q.where(AUDIT.c.ack_id == ack_id)
        with self.engine.connect() as conn:
            return [AuditEntry(id=r.id, at=_aware(r.at), action=r.action, ack_id=r.ack_id, by=r.by,
                               instance=r.instance, code=r.code, object=r.object, reason=r.reason,
                               ack_by=r.ack_by, until=_aware(r.until), database=r.database) for r in conn.execute(q)]


def _combined(acks: list[Acknowledgement]) -> Acknowledgement:
    """The finding-level mark when every object at fault is acknowledged (perhaps by several acks):
    it lasts as long as the first of them."""
    def unique(values):
        return list(dict.fromkeys(v for v in values if v))

    untils = [a.until for a in acks if a.until is not None]
    return Acknowledgement(reason="; ".join(unique(a.reason for a in acks)), by=", ".join(unique(a.by for a in acks)) or None,
                           until=min(untils) if untils else None)


def apply_acks(result: InspectionResult, acks: Iterable[Ack], at: dt.datetime | None = None) -> int:
    """Mark the findings and objects of ``result`` that ``acks`` acknowledge at time ``at``
    (default: the inspection's ``generated_at``). Returns how many findings and objects were marked."""
    at = at or result.generated_at
    by_check: dict[tuple[str, str], list[Ack]] = {}
    for a in acks:
        if not a.expired(at):
            by_check.setdefault((a.instance, a.code), []).append(a)
    marked = 0
    for inst in result.instances:
        for f in inst.findings:
            mine = [a for a in by_check.get((inst.name, f.code), ()) if a.database is None or a.database == f.database]
            if not mine or f.outcome not in ACKABLE:
                continue
            # an ack naming the database beats one for every database; then the oldest
            ordered = sorted(mine, key=lambda a: (a.database is None, a.id))
            per_object: dict[str, Ack] = {}
            for a in ordered:
                if a.object is not None:
                    per_object.setdefault(a.object, a)
            for o in f.objects:
                a = per_object.get(o.key)
                if a is None and f.database is not None:
                    a = _legacy(per_object.get(f"{f.database}.{o.key}"))
                if a is not None and o.acknowledged is None:
                    o.acknowledged = a.acknowledgement()
                    marked += 1
            whole = next((a for a in ordered if a.object is None), None)
            at_fault = [o for o in f.objects if o.outcome in PROBLEM]
            if whole is not None:
                f.acknowledged = whole.acknowledgement()
                marked += 1
            elif at_fault and all(o.acknowledged is not None for o in at_fault):
                f.acknowledged = _combined([o.acknowledged for o in at_fault])
                marked += 1
    return marked


def _legacy(a: Ack | None) -> Ack | None:
    """An ack stored without a database whose object is ``<database>.<key>``: SEC025, SEC026 and
    SEC029 put the database in their object keys before acks named one (the caller matched it to the
    finding's own database, so it applies there only)."""
    return a if a is not None and a.database is None else None
