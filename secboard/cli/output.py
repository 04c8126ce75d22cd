"""Plain-text and JSON renderings of requests and objectives for the command line.

User text is printed as data: never through a markup parser, and with control and
invisible characters made visible (:func:`printable`), so a title cannot drive the
terminal. JSON keeps every character, escaped where a terminal could be affected.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from secboard.domain.model import (
    REQUEST_FIELDS,
    Card,
    Objective,
    Request,
    RequestRecord,
    RequestSummary,
)
from secboard.domain.scoring import breakdown, format_score
from secboard.domain.text import (
    escape_unsafe,
    format_money,
    format_weeks,
    printable,
    printable_block,
)


def to_json(value: Any) -> str:
    """Stable, indented JSON; every unsafe character (controls, bidi, tags…) is escaped."""
    # Outside strings JSON is ASCII punctuation, so every match is inside a string.
    return escape_unsafe(_indented_json(value), _json_escape)


def _indented_json(value: Any) -> str:
    """The text of :func:`to_json` before its unsafe characters are escaped."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def _json_escape(code: int) -> str:
    """``\\uXXXX``; beyond the basic plane, the UTF-16 surrogate pair JSON spells it with."""
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return json_moment(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_moment(moment: datetime) -> str:
    """A UTC moment as ISO 8601 with a ``Z``."""
    return moment.isoformat().replace("+00:00", "Z")


def request_json(request: Request) -> dict[str, Any]:
    """Every field of a request, plus its version, score and checklist progress."""
    return {
        **{name: getattr(request, name) for name in REQUEST_FIELDS},
        "frameworks": list(request.frameworks),
        "tags": list(request.tags),
        "version": request.version,
        "score": breakdown(request).score,
        "checklist_done": request.checklist_done,
        "checklist_total": len(request.checklist),
    }


def summary_json(summary: RequestSummary) -> dict[str, Any]:
    """A listed request as ``list --format json`` prints it: the keys of
    :func:`request_json`, in the same order."""
    return dict(zip(RequestSummary._fields, summary, strict=True))


def json_listing(summaries: Iterable[RequestSummary], *, batch: int = 500) -> Iterator[str]:
    """``to_json([summary_json(s) for s in summaries])``, piece by piece as it is read.

    Joined, the pieces are that text to the byte; each holds at most ``batch`` requests,
    so a listing of any size is written in flat memory. The indented layout is written
    here and every value is encoded by the C encoder: ``json.dumps(indent=2)`` would
    fall back to the pure-Python one, several times slower.
    """
    # Outside strings the layout is ASCII punctuation: escaping piece by piece, each
    # piece cut between two requests, escapes what escaping the whole text would.
    lead = "[\n  "
    pending: list[str] = []
    for summary in summaries:
        pending.append(_listed_json(summary))
        if len(pending) == batch:
            yield escape_unsafe(lead + ",\n  ".join(pending), _json_escape)
            lead, pending = ",\n  ", []
    if pending:
        yield escape_unsafe(lead + ",\n  ".join(pending), _json_escape)
        lead = ""
    yield "[]" if lead == "[\n  " else "\n]"


_SEPARATOR = "\x00"
"""Between the encoded values of one request: JSON escapes every control character
inside a string, so in the encoded text a NUL can only be this separator."""
_VALUES = json.JSONEncoder(ensure_ascii=False, separators=(_SEPARATOR, ": "), default=_json_default)
_LABELS = json.JSONEncoder(
    ensure_ascii=False, separators=(",\n      ", ": "), default=_json_default
)
"""Tags and frameworks, laid out as ``indent=2`` lays out a list inside a listed request."""
_FRAMEWORKS = RequestSummary._fields.index("frameworks")
_TAGS = RequestSummary._fields.index("tags")
_LISTED = (
    "{\n    " + ",\n    ".join(f"{json.dumps(key)}: %s" for key in RequestSummary._fields) + "\n  }"
)
"""One listed request at ``indent=2``, its values to be filled in, in field order."""


def _listed_json(summary: RequestSummary) -> str:
    """One request of :func:`json_listing`, as ``indent=2`` writes it in the list."""
    frameworks, tags = _labels_json(summary.frameworks), _labels_json(summary.tags)
    if frameworks is None or tags is None:
        # Nested layout is the pure-Python encoder's to write: the same text, slower.
        return _indented_json([summary_json(summary)])[4:-2]
    values = list(summary)
    # Placeholders: the labels' own layout is filled in below.
    values[_FRAMEWORKS] = values[_TAGS] = None
    encoded = _VALUES.encode(values)[1:-1].split(_SEPARATOR)
    encoded[_FRAMEWORKS], encoded[_TAGS] = frameworks, tags
    return _LISTED % tuple(encoded)


def _labels_json(labels: tuple[Any, ...]) -> str | None:
    """Tags or frameworks inside a listed request; None when one is a list or a table
    (only a foreign file holds such labels)."""
    for label in labels:
        if type(label) is not str:
            if any(isinstance(other, list | tuple | dict) for other in labels):
                return None
            # Not cached: 1, 1.0 and True are equal keys but different JSON.
            return _laid_out_labels(labels)
    return _text_labels_json(labels)


@functools.lru_cache(maxsize=4096)
def _text_labels_json(labels: tuple[str, ...]) -> str:
    """Labels that are all text (the same few sets recur: cached)."""
    return _laid_out_labels(labels)


def _laid_out_labels(labels: tuple[Any, ...]) -> str:
    if not labels:
        return "[]"
    return "[\n      " + _LABELS.encode(labels)[1:-1] + "\n    ]"


def record_json(record: RequestRecord) -> dict[str, Any]:
    """A request with its checklist and history, for ``show --format json``."""
    request = record.request
    return {
        **request_json(request),
        "score_breakdown": breakdown(request).formula(),
        "checklist": [
            {"key": i.key, "question": i.question, "answer": i.answer.value, "note": i.note}
            for i in request.checklist
        ],
        "history": [
            {
                "at": e.at,
                "from": e.from_status.value if e.from_status else None,
                "to": e.to_status.value,
                "note": e.note,
                "forced": e.forced,
                "by": e.actor,
            }
            for e in record.history
        ],
    }


def objective_json(
    objective: Objective, cards: Sequence[Card], *, arr_redacted: bool = False
) -> dict[str, Any]:
    """An objective with its progress over the requests linked to it.

    ``arr`` is None when the workspace's ARR was redacted: unknown, not zero.
    """
    linked = [card for card in cards if card.objective == objective.key]
    return {
        "key": objective.key,
        "title": objective.title,
        "description": objective.description,
        "target": objective.target,
        "status": objective.status.value,
        "linked": len(linked),
        "shipped": sum(card.status.value == "shipped" for card in linked),
        "arr": None if arr_redacted else sum(card.arr or 0 for card in linked),
    }


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: a CJK character or an emoji two, an accent none."""
    if text.isascii():
        return len(text)
    # Loaded only for text that needs it: the command line starts without rich.
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal cells, ending in an ellipsis when cut."""
    if cells(text) <= width:
        return text
    if text.isascii():
        return text[: width - 1] + "…"
    from rich.cells import set_cell_size

    # set_cell_size pads with a space where a wide character would have been split.
    return set_cell_size(text, width - 1).rstrip() + "…"


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` terminal cells."""
    return text + " " * (width - cells(text))


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, max_widths: dict[int, int]
) -> str:
    """Left-aligned columns separated by two spaces; long cells end with an ellipsis.

    Widths are in terminal cells, so rows with CJK, emoji or accents line up too.
    """
    body = [[printable(cell) for cell in row] for row in rows]
    for row in body:
        for index, limit in max_widths.items():
            row[index] = fit(row[index], limit)
    widths = [cells(header) for header in headers]
    for row in body:
        widths = [max(width, cells(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [headers, *body]
    return "\n".join(
        "  ".join(pad(cell, width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def request_rows(requests: Iterable[RequestSummary]) -> Iterable[list[str]]:
    """Rows of the ``list`` table."""
    for request in requests:
        yield [
            f"#{request.id}",
            request.status.value,
            request.source.value,
            request.title,
            request.customer or "–",
            format_money(request.arr),
            request.due.isoformat() if request.due else "–",
            format_score(request.score),
            f"{request.checklist_done}/{total}" if (total := request.checklist_total) else "–",
        ]


REQUEST_HEADERS = ("ID", "STATUS", "SOURCE", "TITLE", "CUSTOMER", "ARR", "DUE", "SCORE", "CHECK")


def record_text(record: RequestRecord) -> str:
    """The ``show`` report: fields, checklist, decision and history."""
    request = record.request
    score = breakdown(request)

    def field(name: str, value: object) -> str:
        shown = "–" if value in (None, "", ()) else value
        if isinstance(shown, tuple):
            shown = ", ".join(shown)
        return f"  {name:<12} {printable(str(shown))}"

    lines = [
        f"#{request.id}  {printable(request.title)}",
        field("status", request.status.value),
        field("source", request.source.value),
        field("requester", request.requester),
        field("customer", request.customer),
        field("arr", format_money(request.arr) if request.arr is not None else None),
        field("due", request.due),
        field("frameworks", request.frameworks),
        field("tags", request.tags),
        field("estimate", format_weeks(request.estimate_weeks)),
        field("planned", format_weeks(request.planned_weeks)),
        field("score", score.formula()),
        field("horizon", request.horizon.value if request.horizon else None),
        field("objective", request.objective),
        field("owner", request.owner),
        field("created", request.created_at.strftime("%Y-%m-%d %H:%M UTC")),
        field("updated", request.updated_at.strftime("%Y-%m-%d %H:%M UTC")),
        field("updated by", request.updated_by),
    ]
    if request.description:
        lines += ["", "Description:", _indent(printable_block(request.description))]
    lines += ["", "Decision:"]
    if request.decision:
        lines.append(field("decision", request.decision.value))
        lines.append(field("rationale", request.rationale))
        if request.revisit:
            lines.append(field("revisit", request.revisit))
    else:
        lines.append("  none yet")
    lines += ["", f"Checklist ({request.checklist_done}/{len(request.checklist)} answered):"]
    if not request.checklist:
        lines.append("  starts when the request enters discovery")
    for item in request.checklist:
        note = f"  — {printable(item.note)}" if item.note else ""
        lines.append(f"  [{item.answer.value:>4}] {item.key}: {printable(item.question)}{note}")
    lines += ["", "History:"]
    for event in record.history:
        move = f"{event.from_status.value} → " if event.from_status else "created in "
        forced = "  (forced)" if event.forced else ""
        note = f"  — {printable(event.note)}" if event.note else ""
        actor = f"  by {printable(event.actor)}" if event.actor is not None else ""
        lines.append(
            f"  {event.at:%Y-%m-%d %H:%M}  {move}{event.to_status.value}{forced}{note}{actor}"
        )
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
