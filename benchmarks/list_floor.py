"""The floor of ``secboard list --format json``: the same bytes from sqlite3 and json alone.

    python benchmarks/list_floor.py DATABASE

It reads the request table with the standard library's sqlite3 and prints what
``secboard list --format json`` prints (the benchmark checks that the bytes are the
same), computing only what the listing needs: no model objects, no checklist rows (their
counts are columns of the request table). The escaping of unsafe characters is
secboard's own set, as the listing's format is secboard's.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from contextlib import closing
from typing import Any

from secboard.domain.text import UNSAFE_CHARACTERS

FIELDS = (
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
)
"""The listing's fields, in its order (then version, score and the checklist counts)."""
MOMENTS = ("created_at", "updated_at")
LABELS = ("frameworks", "tags")
QUERY = (
    "SELECT r.*, o.key AS objective FROM request r "
    "LEFT JOIN objective o ON o.id = r.objective_id ORDER BY r.id"
)


def moment(stored: str) -> str:
    """A stored UTC moment as the listing writes it (``Z``, no zero microseconds)."""
    text = stored.removesuffix("+00:00")
    return text.removesuffix(".000000") + "Z"


def score(row: sqlite3.Row) -> float | None:
    """The RICE score, as secboard computes it (planned effort first, else estimate)."""
    planned = row["planned_weeks"]
    effort = planned if planned is not None else row["estimate_weeks"]
    reach, impact, confidence = row["reach"], row["impact"], row["confidence"]
    if reach is None or impact is None or confidence is None or not effort:
        return None
    return float(reach * impact * (confidence / 100) / effort)


def listing(row: sqlite3.Row) -> dict[str, Any]:
    """One request as the listing has it."""
    item = {name: row[name] for name in FIELDS}
    for name in MOMENTS:
        item[name] = moment(row[name])
    for name in LABELS:
        item[name] = json.loads(row[name])
    item["version"] = row["version"]
    item["score"] = score(row)
    item["checklist_done"] = row["checklist_done"]
    item["checklist_total"] = row["checklist_total"]
    return item


def escape(match: re.Match[str]) -> str:
    """An unsafe character as a JSON escape (a surrogate pair beyond the basic plane)."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def main(database: str) -> None:
    """Print the listing of ``database``."""
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        rows = [listing(row) for row in connection.execute(QUERY)]
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    sys.stdout.write(unsafe_pattern().sub(escape, text) + "\n")


def unsafe_pattern() -> re.Pattern[str]:
    """The unsafe characters but newline and tab, as a class of ranges (fast to match)."""
    ranges: list[list[int]] = []
    for code in sorted(UNSAFE_CHARACTERS - {0x09, 0x0A}):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spans = (re.escape(chr(first)) + "-" + re.escape(chr(last)) for first, last in ranges)
    return re.compile("[" + "".join(spans) + "]")


if __name__ == "__main__":
    main(sys.argv[1])
