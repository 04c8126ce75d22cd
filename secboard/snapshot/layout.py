"""The shape of a snapshot file: its format name, version and the keys of each table.

Export writes keys in exactly these orders and import accepts exactly these keys, so the
two cannot drift apart.
"""

from __future__ import annotations

from secboard.domain.model import REQUEST_FIELDS

FORMAT_NAME = "secboard-snapshot"
"""The value of the top-level ``format`` key."""

FORMAT_VERSION = 3
"""The snapshot version this secboard writes, and the newest it reads.

Version 2 added who owns a request and who changed it last (``owner``, ``updated_by``)
and who made each status change (``by``). Version 3 added accounts and asks: a request's
``requester``, ``customer``, ``arr`` and ``due`` became its first ask (they are derived
from the asks since, so not written), ``merged_into`` came in, and a checklist row's
``question`` is written only where it differs from the template, and empty notes and
unforced moves are left out like every absent value. Versions 1 and 2 are
still read, their request's customer fields turned into its first ask.
"""

TOP_KEYS: tuple[str, ...] = (
    "format",
    "version",
    "exported_at",
    "redacted",
    "workspace",
    "objectives",
    "accounts",
    "requests",
)
WORKSPACE_KEYS: tuple[str, ...] = ("vision", "checklist")
TEMPLATE_KEYS: tuple[str, ...] = ("key", "question")
OBJECTIVE_KEYS: tuple[str, ...] = ("key", "title", "description", "target", "status")
ACCOUNT_KEYS: tuple[str, ...] = ("name", "kind", "arr", "tier", "renewal", "owner", "notes")
REQUIRED_ACCOUNT_KEYS: tuple[str, ...] = ("name",)
DERIVED_REQUEST_KEYS: frozenset[str] = frozenset({"requester", "customer", "arr", "due"})
"""Request keys of versions 1 and 2 that version 3 derives from the asks instead."""
REQUEST_KEYS: tuple[str, ...] = (
    *(key for key in REQUEST_FIELDS if key not in DERIVED_REQUEST_KEYS),
    "merged_into",
)
"""Every key of a version 3 request, in the file's order."""

REQUEST_TABLES: tuple[str, ...] = ("checklist", "history", "asks")
"""The arrays of tables nested in each ``[[requests]]`` row."""

CHECKLIST_KEYS: tuple[str, ...] = ("key", "question", "answer", "note")
HISTORY_KEYS: tuple[str, ...] = ("at", "from", "to", "note", "forced", "by")
ASK_KEYS: tuple[str, ...] = (
    "id",
    "account",
    "requester",
    "channel",
    "asked_on",
    "importance",
    "due",
    "reference",
    "quote",
)
REQUIRED_ASK_KEYS: tuple[str, ...] = ("id", "asked_on")
"""An ask keeps its id through export and import, as a request does."""

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
"""Before version 3; since, a question the template holds is left out."""
