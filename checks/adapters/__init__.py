"""Engine adapters: connect read-only with timeouts, report server facts, run a query → rows.

``open_session(target)`` is the only entry point the flows use. Each adapter confines its
engine's differences (session setup, timeouts, error classification, flavour detection); the
checks' SQL files and judges hold the rest. Nothing here knows of Prefect, plans or reports.
"""

from .base import ConnectTarget, QueryError, Session, Unreachable, open_session

__all__ = ["ConnectTarget", "QueryError", "Session", "Unreachable", "open_session"]
