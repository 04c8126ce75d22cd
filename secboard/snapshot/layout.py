"""The shape of a snapshot file: its format name, version and the keys of each table.

Export writes keys in exactly these orders and import accepts exactly these keys, so the
two cannot drift apart.
"""

from __future__ import annotations

from secboard.domain.model import REQUEST_FIELDS

FORMAT_NAME = "secboard-snapshot"
"""The value of the top-level ``format`` key."""

FORMAT_VERSION = 2
"""The snapshot version this secboard writes, and the newest it reads.

Version 2 added who owns a request and who changed it last (``owner``, ``updated_by``)
and who made each status change (``by``); version 1 files are still read.
"""

TOP_KEYS: tuple[str, ...] = (
    "format",
    "version",
    "exported_at",
    "redacted",
    "workspace",
    "objectives",
    "requests",
)
WORKSPACE_KEYS: tuple[str, ...] = ("vision", "checklist")
TEMPLATE_KEYS: tuple[str, ...] = ("key", "question")
OBJECTIVE_KEYS: tuple[str, ...] = ("key", "title", "description", "target", "status")
REQUEST_KEYS: tuple[str, ...] = REQUEST_FIELDS
"""Every field of a request, in the order of the specification (the file's order)."""

REQUEST_TABLES: tuple[str, ...] = ("checklist", "history")
"""The arrays of tables nested in each ``[[requests]]`` row."""

CHECKLIST_KEYS: tuple[str, ...] = ("key", "question", "answer", "note")
HISTORY_KEYS: tuple[str, ...] = ("at", "from", "to", "note", "forced", "by")

ADDED_IN_VERSION_2: frozenset[str] = frozenset({"owner", "updated_by", "by"})
"""Request and history keys a version 1 file does not have (there they are unknown keys)."""

REQUIRED_REQUEST_KEYS: tuple[str, ...] = (
    "id",
    "title",
    "source",
    "status",
    "created_at",
    "updated_at",
)
REQUIRED_OBJECTIVE_KEYS: tuple[str, ...] = ("key", "title", "status")
REQUIRED_CHECKLIST_KEYS: tuple[str, ...] = ("key", "question", "answer")
