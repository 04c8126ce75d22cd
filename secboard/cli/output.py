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

from secboard.domain.accounts import AccountAsk, AccountSummary
from secboard.domain.asks import Account, Ask
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
        "ask_count": request.ask_count,
        "accounts": request.accounts,
        "importance": request.importance,
        "merged_into": request.merged_into,
    }


def ask_json(ask: Ask) -> dict[str, Any]:
    """One ask as ``show`` and ``account show`` print it."""
    return {
        "id": ask.id,
        "account": ask.account,
        "requester": ask.requester,
        "channel": ask.channel,
        "asked_on": ask.asked_on,
        "importance": ask.importance,
        "due": ask.due,
        "reference": ask.reference,
        "quote": ask.quote,
    }


def demand_json(request: Request) -> dict[str, Any]:
    """What a request is worth, derived from its asks."""
    return {
        "asks": request.ask_count,
        "accounts": request.accounts,
        "arr": request.arr,
        "due": request.due,
        "importance": request.importance,
    }


def account_json(account: Account) -> dict[str, Any]:
    """Every field of an account."""
    return {
        "name": account.name,
        "kind": account.kind,
        "arr": account.arr,
        "tier": account.tier,
        "renewal": account.renewal,
        "owner": account.owner,
        "notes": account.notes,
    }


def account_summary_json(summary: AccountSummary) -> dict[str, Any]:
    """An account with counts of where its asks stand, for ``account list``."""
    return {
        **account_json(summary.account),
        "asks": summary.asks,
        "open": summary.open,
        "committed": summary.committed,
        "shipped": summary.shipped,
        "declined": summary.declined,
        "next_due": summary.next_due,
    }


def account_page_json(summary: AccountSummary, asks: Sequence[AccountAsk]) -> dict[str, Any]:
    """An account, its counts and every ask it made with where its request stands."""
    return {
        "account": account_summary_json(summary),
        "asks": [
            {
                **ask_json(item.ask),
                "request_id": item.request_id,
                "title": item.title,
                "status": item.status,
                "standing": item.standing,
            }
            for item in asks
        ],
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
        "demand": demand_json(request),
        "asks": [ask_json(ask) for ask in request.asks],
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
            request.status.value
            if request.merged_into is None
            else f"merged into #{request.merged_into}",
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

    lines = [f"#{request.id}  {printable(request.title)}"]
    if request.merged_into is not None:
        lines.append(f"  merged into #{request.merged_into}")
    lines += [
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
    lines += [
        "",
        "Demand:",
        field("asks", request.ask_count),
        field("accounts", request.accounts),
        field("arr at stake", format_money(request.arr) if request.arr is not None else None),
        field("earliest due", request.due),
        field("importance", request.importance.value if request.importance else None),
        "",
        f"Asks ({request.ask_count}):",
        *(_ask_lines(ask) for ask in request.asks),
    ]
    if not request.asks:
        lines.append("  nobody has asked yet; add one with 'secboard ask ID'")
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
        forced = "  (forced)" if event.forced else ""
        actor = f"  by {printable(event.actor)}" if event.actor is not None else ""
        if event.from_status is event.to_status:
            # A note that changed no status (a merge): the note is the whole event.
            lines.append(f"  {event.at:%Y-%m-%d %H:%M}  {printable(event.note)}{actor}")
            continue
        move = f"{event.from_status.value} → " if event.from_status else "created in "
        note = f"  — {printable(event.note)}" if event.note else ""
        lines.append(
            f"  {event.at:%Y-%m-%d %H:%M}  {move}{event.to_status.value}{forced}{note}{actor}"
        )
    return "\n".join(lines)


def ask_line(ask: Ask) -> str:
    """One ask in a line: its id, who asked, how, when, how badly and by when."""
    who = " · ".join(printable(name) for name in (ask.account, ask.requester) if name)
    parts = [
        f"ask {ask.id}",
        who or "nobody named",
        ask.channel.value,
        ask.asked_on.isoformat(),
        ask.importance.value,
    ]
    if ask.due is not None:
        parts.append(f"due {ask.due.isoformat()}")
    if ask.reference:
        parts.append(f"ref {printable(ask.reference)}")
    return "  ".join(parts)


def _ask_lines(ask: Ask) -> str:
    """An ask for ``show``: its line, then its quote, indented."""
    text = f"  {ask_line(ask)}"
    if ask.quote:
        text += "\n" + "\n".join(
            f"      {line}" for line in printable_block(ask.quote).splitlines()
        )
    return text


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
