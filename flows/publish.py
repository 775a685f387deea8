"""Where a finished inspection goes: rendered files (and, with the report store, its index)."""

from __future__ import annotations

from pathlib import Path

import reports
from dbpatrol.results import InspectionResult
from dbpatrol.settings import Settings


def publish(result: InspectionResult, *, formats: list[str], lang: str, out_dir: Path | None,
            settings: Settings) -> dict:
    """Render the report files; return {"files": {format: path}, "url": link or None}."""
    target = out_dir or settings.reports_path / result.id
    files = reports.render(result, target, formats=formats, lang=lang)
    return {"files": files, "url": None}
