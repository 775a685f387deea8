"""Where a finished inspection goes: the report store (results + files), and --out if asked."""

from __future__ import annotations

import shutil
from pathlib import Path

from dbpatrol.results import InspectionResult
from dbpatrol.settings import Settings
from reports.store import ReportStore


def publish(result: InspectionResult, *, formats: list[str], lang: str, out_dir: Path | None,
            settings: Settings) -> dict:
    """Store the results and their rendered files; copy the files to ``out_dir`` when given.

    Returns {"files": {format: path}, "url": the report in the report browser}. Every run is
    stored, so ``dbpatrol reports list`` and the history diff see immediate runs too.
    """
    stored = ReportStore(settings).save(result, formats=formats, lang=lang)
    files = dict(stored.files)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {fmt: Path(shutil.copy2(path, out_dir / Path(path).name)) for fmt, path in stored.files.items()}
    return {"files": files, "url": stored.url, "report_id": stored.id}
