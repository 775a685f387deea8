"""Text that is not ours (driver messages, names, anything from a stored report), for the terminal.

Rich reads ``[...]`` in printed strings as markup: a cause such as ``[link=http://evil.test]`` would
become a terminal hyperlink, and ``[/bold]`` makes Rich raise MarkupError after a whole inspection.
Rich also passes ESC through, so a message could carry terminal escape sequences.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rich.markup import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: Any) -> str:
    """``value`` as inert text for Rich: control characters as spaces, markup escaped."""
    return escape(_CONTROL.sub(" ", "" if value is None else str(value)))


def writable_dir(path: Path, option: str) -> None:
    """Raise UserError unless ``path`` is a directory we can write, or can be made as one (its
    nearest existing parent is a writable directory). Nothing is created here."""
    from .errors import UserError

    if path.exists():
        if not path.is_dir():
            raise UserError(f"{option} {path}: exists and is not a directory")
        if (path / "__init__.py").exists():
            # `--out ./reports` in a checkout is dbpatrol's own reports package (issue 14 item 17)
            raise UserError(f"{option} {path}: is a Python package (it holds __init__.py); reports would be "
                            f"written among code — choose another directory")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UserError(f"{option} {path}: not writable")
        return
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"{option} {path}: cannot be created ({parent} is not a writable directory)")


def writable_target(path: Path, option: str) -> None:
    """A file or directory to write into (``reports export -o``): an existing directory must be
    writable; a file's directory must be writable, or creatable."""
    from .errors import UserError

    if path.is_dir():
        writable_dir(path, option)
    elif path.exists():
        if not os.access(path, os.W_OK):
            raise UserError(f"{option} {path}: not writable")
    else:
        writable_dir(path.absolute().parent, option)
