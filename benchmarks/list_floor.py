"""The floor for ``secboard list --format json``: the same bytes from ``sqlite3`` and ``json``.

    python benchmarks/list_floor.py WORKSPACE.db > listing.json

No secboard, no click, no domain objects: one query, tuples, and the C JSON encoder,
with the indented layout written by hand. What ``list`` costs above this is the price
of the command line and of the workspace's layers. Only the definition of the unsafe
characters comes from secboard, so that the output is the same to the byte.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secboard.domain.text import escape_unsafe

KEYS = [
    "id",
    "title",
    "description",
    "source",
    "requester",
    "customer",
    "arr",
    "due",
    "frameworks",
    "tags",
    "estimate_weeks",
    "planned_weeks",
    "reach",
    "impact",
    "confidence",
    "status",
    "decision",
    "rationale",
    "revisit",
    "horizon",
    "objective",
    "owner",
    "created_at",
    "updated_at",
    "updated_by",
    "version",
    "score",
    "checklist_done",
    "checklist_total",
    "ask_count",
    "accounts",
    "importance",
    "merged_into",
]
COLUMNS = ", ".join(
    "o.key" if key == "objective" else "NULL" if key == "score" else f"r.{key}" for key in KEYS
)
SQL = (
    f"SELECT {COLUMNS} FROM request r LEFT JOIN objective o ON o.id = r.objective_id"
    " WHERE r.merged_into IS NULL"
)
SEPARATOR = "\x00"
LABELS = KEYS.index("frameworks"), KEYS.index("tags")
MOMENTS = KEYS.index("created_at"), KEYS.index("updated_at")
DATES = KEYS.index("due"), KEYS.index("revisit")
SCORE = KEYS.index("score")
ITEM = "{\n    " + ",\n    ".join(f'"{key}": %s' for key in KEYS) + "\n  }"
VALUES = json.JSONEncoder(ensure_ascii=False, separators=(SEPARATOR, ": "))
LIST = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": "))


@functools.cache
def labels(text: str) -> str:
    """Stored tags or frameworks as the listing lays them out."""
    items = json.loads(text)
    return "[\n      " + LIST.encode(items)[1:-1] + "\n    ]" if items else "[]"


def moment(text: str) -> str:
    """A stored moment as the listing writes it."""
    return datetime.fromisoformat(text).isoformat().replace("+00:00", "Z")


def escape(code: int) -> str:
    """A character as a JSON escape (a surrogate pair beyond the basic plane)."""
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def item(row: tuple[object, ...]) -> str:
    """One request, laid out as ``json.dumps(indent=2)`` lays it out in the list."""
    values = list(row)
    reach, impact, confidence = values[12], values[13], values[14]
    effort = values[11] if values[11] is not None else values[10]
    if reach is not None and impact is not None and confidence is not None and effort:
        values[SCORE] = reach * impact * (confidence / 100) / effort  # type: ignore[operator]
    for index in MOMENTS:
        values[index] = moment(values[index])  # type: ignore[arg-type]
    for index in DATES:
        if values[index] is not None:
            values[index] = date.fromisoformat(values[index]).isoformat()  # type: ignore[arg-type]
    texts = [labels(values[index]) for index in LABELS]
    for index in LABELS:
        values[index] = None
    encoded = VALUES.encode(values)[1:-1].split(SEPARATOR)
    for index, text in zip(LABELS, texts, strict=True):
        encoded[index] = text
    return ITEM % tuple(encoded)


def main(path: str) -> None:
    """Print the listing of the workspace at ``path``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = sys.stdout
    lead, batch = "[\n  ", []
    for row in connection.execute(SQL + " ORDER BY r.id"):
        batch.append(item(row))
        if len(batch) == 500:
            out.write(escape_unsafe(lead + ",\n  ".join(batch), escape))
            lead, batch = ",\n  ", []
    if batch:
        out.write(escape_unsafe(lead + ",\n  ".join(batch), escape))
        lead = ""
    out.write("[]\n" if lead == "[\n  " else "\n]\n")


if __name__ == "__main__":
    main(sys.argv[1])
