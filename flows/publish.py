"""Where a finished inspection goes: the report store (results + files), and --out if asked."""

from __future__ import annotations

import shutil
from pathlib import Path

from dbpatrol.results import InspectionResult
from dbpatrol.settings import Settings
from reports.acks import apply_acks
from reports.store import ReportStore


def publish(result: InspectionResult, *, formats: list[str], lang: str, out_dir: Path | None,
            settings: Settings) -> dict:
    """Mark acknowledged findings, store the results and their rendered files; copy the files to
    ``out_dir`` when given.

    Returns {"files": {format: path}, "url": the report (PDF, else its first file) in the report browser,
    "page": the report's page there}. Every run is
    stored, so ``dbpatrol reports list`` and the history diff see immediate runs too.
    """
    store = ReportStore(settings)
    # known issues muted with `dbpatrol ack` (active at the inspection's time) are marked before
    # anything is rendered: every format, the score and the artifacts see them (in place)
    apply_acks(result, store.acks.active(result.generated_at))
    stored = store.save(result, formats=formats, lang=lang)
    files = dict(stored.files)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {fmt: Path(shutil.copy2(path, out_dir / Path(path).name)) for fmt, path in stored.files.items()}
    page = store.url_for(stored.id) if store.base_url else None  # the report's page: every format, the history
    return {"files": files, "url": stored.url, "page": page, "report_id": stored.id}
