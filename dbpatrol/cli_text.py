"""Text that is not ours (driver messages, names, anything from a stored report), for the terminal.

Rich reads ``[...]`` in printed strings as markup: a cause such as ``[link=http://evil.test]`` would
become a terminal hyperlink, and ``[/bold]`` makes Rich raise MarkupError after a whole inspection.
Rich also passes ESC through, so a message could carry terminal escape sequences.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: Any) -> str:
    """``value`` as inert text for Rich: control characters as spaces, markup escaped."""
    return escape(_CONTROL.sub(" ", "" if value is None else str(value)))
