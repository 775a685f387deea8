"""Backup tools' own records, read as daily backup checks (BAK014-BAK017).

* ``pgbackrest``: ``pgbackrest info --output=json`` for the instance's stanza, run on the database host
  as a fixed argv (checks/commands.py: the SSH command collector when one is attached, else locally
  when the instance is on this machine), read once per inspection and shared by the checks;
* ``history``: the MySQL/MariaDB backup history tables the tools write when asked to
  (``mysql.mariadb_backup_history`` from mariadb-backup --history, ``PERCONA_SCHEMA.xtrabackup_history``
  from XtraBackup / mariabackup up to 10.6, ``mysql.backup_history`` from MySQL Enterprise Backup).

Both answer the same two questions in the same row shape (:data:`AGE_COLUMNS`, :data:`WINDOW_COLUMNS`):
how old the newest good full / differential / incremental backup is at the end of the window, and what
failed or is missing inside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# BAK014: one row per source (a pgBackRest stanza, a history table); ages in hours at the window's end
AGE_COLUMNS = ("tool", "source", "newest_label", "newest_type", "newest_stop", "newest_age_h", "full_label", "full_stop",
               "full_age_h", "diff_label", "diff_stop", "diff_age_h", "incr_label", "incr_stop", "incr_age_h",
               "good_backups", "other_backups", "note")
# BAK015: one row per source; what completed, failed and is missing inside the window
WINDOW_COLUMNS = ("tool", "source", "backups_in_window", "good_in_window", "failed_in_window", "failed_labels",
                  "failed_error", "newest_failed_label", "newest_failed_stop", "records_failures", "running_now", "note")

TYPE_WORDS = {"full": ("full", "全量"), "diff": ("differential", "差异"), "incr": ("incremental", "增量")}


def iso(ts: float | None) -> str | None:
    """An epoch as ISO-8601 UTC text (seconds), as rows carry times."""
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(float(ts), dt.timezone.utc).isoformat(timespec="seconds")


def age_h(ts: float | None, end: dt.datetime) -> float | None:
    if ts is None:
        return None
    return round((end.timestamp() - float(ts)) / 3600.0, 4)


def age_row(tool: str, source: str, good: list[dict[str, Any]], other: int, end: dt.datetime, note: str = "") -> dict[str, Any]:
    """The BAK014 row from a source's good backups (dicts with label, kind full/diff/incr, stop epoch),
    those finished before ``end`` only."""
    good = sorted((b for b in good if b["stop"] is not None and b["stop"] <= end.timestamp()), key=lambda b: b["stop"])
    row: dict[str, Any] = {"tool": tool, "source": source, "good_backups": len(good), "other_backups": other, "note": note}
    newest = good[-1] if good else None
    row.update(newest_label=newest and newest["label"], newest_type=newest and newest["kind"],
               newest_stop=iso(newest and newest["stop"]), newest_age_h=age_h(newest and newest["stop"], end))
    for kind in ("full", "diff", "incr"):
        last = next((b for b in reversed(good) if b["kind"] == kind), None)
        row[f"{kind}_label"] = last and last["label"]
        row[f"{kind}_stop"] = iso(last and last["stop"])
        row[f"{kind}_age_h"] = age_h(last and last["stop"], end)
    return row


def window_row(tool: str, source: str, backups: list[dict[str, Any]], start: dt.datetime, end: dt.datetime, *,
               records_failures: bool, running_now: bool = False, note: str = "") -> dict[str, Any]:
    """The BAK015 row from a source's backups (label, stop epoch, good bool, error text) inside [start, end)."""
    inside = sorted((b for b in backups if b["stop"] is not None and start.timestamp() <= b["stop"] < end.timestamp()),
                    key=lambda b: b["stop"])
    failed = [b for b in inside if not b["good"]]
    newest_failed = failed[-1] if failed else None
    return {"tool": tool, "source": source, "backups_in_window": len(inside),
            "good_in_window": len(inside) - len(failed), "failed_in_window": len(failed),
            "failed_labels": ", ".join(b["label"] for b in failed[-5:]) or None,
            "failed_error": (newest_failed or {}).get("error"),
            "newest_failed_label": newest_failed and newest_failed["label"],
            "newest_failed_stop": iso(newest_failed and newest_failed["stop"]),
            "records_failures": records_failures, "running_now": running_now, "note": note}
