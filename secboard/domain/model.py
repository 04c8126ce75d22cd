"""The vocabulary of secboard: requests, checklists, history and objectives.

Plain dataclasses and enums with no dependency on the UI or the database; the store
converts its rows into these and back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from secboard.domain.asks import Account, Ask, Demand, Importance


class Status(StrEnum):
    """Where a request is in its lifecycle; one board column each."""

    INTAKE = "intake"
    DISCOVERY = "discovery"
    COMMITTED = "committed"
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The human name of the status, as a column header shows it."""
        return self.value.replace("_", " ").capitalize()


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
"""The board's columns, left to right."""

FINISHED_STATUSES = frozenset({Status.SHIPPED, Status.CLOSED})
"""Statuses in which a request counts as finished."""

OPEN_STATUSES = frozenset(STATUS_ORDER) - FINISHED_STATUSES
"""Statuses in which a request is still open."""


class Source(StrEnum):
    """Where a request came from."""

    CUSTOMER = "customer"
    SALES = "sales"
    COMPLIANCE = "compliance"
    INTERNAL = "internal"
    INCIDENT = "incident"

    @property
    def label(self) -> str:
        """The human name of the source."""
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.CUSTOMER: "Customer",
    Source.SALES: "Sales (deal or renewal)",
    Source.COMPLIANCE: "Compliance",
    Source.INTERNAL: "Internal team",
    Source.INCIDENT: "Incident",
}


class Decision(StrEnum):
    """What was decided about a request after discovery."""

    BUILD = "build"
    BUY = "buy"
    POLICY = "policy"
    DECLINE = "decline"
    DEFER = "defer"


COMMIT_DECISIONS = frozenset({Decision.BUILD, Decision.BUY, Decision.POLICY})
"""Decisions that allow a request to be committed."""

CLOSE_DECISIONS = frozenset({Decision.DECLINE, Decision.DEFER})
"""Decisions that allow a request to be closed."""


class Answer(StrEnum):
    """An answer to one discovery checklist question."""

    OPEN = "open"
    YES = "yes"
    NO = "no"
    NA = "na"


class Horizon(StrEnum):
    """Roadmap placement of committed work."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"


class ObjectiveStatus(StrEnum):
    """Whether a business objective is still being pursued."""

    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


NEW_ID = 0
"""The id of a request that has not been stored yet; the store assigns the real one."""

IMPACT_VALUES: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0)
"""The RICE impact scale."""


@dataclass(frozen=True, slots=True)
class TemplateItem:
    """One question of the discovery checklist template."""

    key: str
    question: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One answered (or open) discovery question of a request."""

    key: str
    question: str
    answer: Answer = Answer.OPEN
    note: str = ""


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """One status change of a request; the history is append-only."""

    at: datetime
    to_status: Status
    from_status: Status | None = None
    note: str = ""
    forced: bool = False
    actor: str | None = None
    """Who made the change (a database role, or the local user on a file); None if unknown."""


def history_note(at: datetime, request: Request, note: str) -> StatusEvent:
    """An entry in a request's history that changes no status (a merge, say): it stays
    in its status, so the metrics see no move."""
    return StatusEvent(at=at, to_status=request.status, from_status=request.status, note=note)


@dataclass(frozen=True, slots=True)
class Request:
    """One ask that reached security, with its discovery checklist."""

    id: int
    title: str
    source: Source
    status: Status
    created_at: datetime
    updated_at: datetime
    description: str = ""
    requester: str | None = None
    """Derived from the asks: the first requester named (see :class:`Demand`)."""
    customer: str | None = None
    """Derived from the asks: the account most at stake."""
    arr: int | None = None
    """Derived from the asks: the ARR at stake, each account counted once."""
    due: date | None = None
    """Derived from the asks: the earliest date an asker needs it by."""
    frameworks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    estimate_weeks: float | None = None
    planned_weeks: float | None = None
    reach: int | None = None
    impact: float | None = None
    confidence: int | None = None
    decision: Decision | None = None
    rationale: str = ""
    revisit: date | None = None
    horizon: Horizon | None = None
    objective: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    version: int = 1
    owner: str | None = None
    """The product manager who owns the request."""
    updated_by: str | None = None
    """Who made the latest change; None if unknown (made before changes were signed)."""
    asks: tuple[Ask, ...] = ()
    """Who asked for it and what they said, oldest first."""
    accounts: int = 0
    """Derived from the asks: how many distinct accounts asked."""
    importance: Importance | None = None
    """Derived from the asks: the highest importance."""
    merged_into: int | None = None
    """The request this one was merged into (it then leaves the board), if any."""

    @property
    def ask_count(self) -> int:
        """How many asks the request holds."""
        return len(self.asks)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Keys of the checklist questions still unanswered."""
        return tuple(item.key for item in self.checklist if item.answer is Answer.OPEN)

    @property
    def checklist_done(self) -> int:
        """How many checklist questions have an answer."""
        return len(self.checklist) - len(self.open_questions)

    @property
    def checklist_total(self) -> int:
        """How many questions the checklist has."""
        return len(self.checklist)

    @property
    def effort_weeks(self) -> float | None:
        """The effort used for scoring: planned if known, else the estimate."""
        return self.planned_weeks if self.planned_weeks is not None else self.estimate_weeks


def with_demand(request: Request, demand: Demand) -> Request:
    """``request`` with its derived fields set from ``demand`` (the store computes it)."""
    return dataclasses.replace(
        request,
        customer=demand.lead_account,
        requester=demand.lead_requester,
        arr=demand.arr,
        due=demand.due,
        accounts=demand.accounts,
        importance=demand.importance,
    )


REQUEST_FIELDS: tuple[str, ...] = (
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
"""The fields of a request, in the order of the specification (and of every listing)."""


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A request together with its full status history (oldest first)."""

    request: Request
    history: tuple[StatusEvent, ...] = ()


class Card(NamedTuple):
    """What the board, roadmap and metrics need of a request: no long text, no checklist.

    A named tuple rather than a frozen dataclass: the board builds ten thousand of these
    at start-up, and a tuple is several times quicker to make.
    """

    id: int
    title: str
    source: Source
    status: Status
    created_at: datetime
    updated_at: datetime
    requester: str | None
    customer: str | None
    arr: int | None
    due: date | None
    tags: tuple[str, ...]
    estimate_weeks: float | None
    planned_weeks: float | None
    reach: int | None
    impact: float | None
    confidence: int | None
    score: float | None
    decision: Decision | None
    horizon: Horizon | None
    objective: str | None
    checklist_done: int
    checklist_total: int
    version: int
    revisit: date | None = None
    """For a deferred request: when to look at it again."""
    owner: str | None = None
    """The product manager who owns the request (the board's "mine" filter)."""
    asks: int = 0
    """How many asks the request holds."""
    accounts: int = 0
    """How many distinct accounts asked."""
    importance: Importance | None = None
    """The highest importance of the asks."""


class RequestSummary(NamedTuple):
    """Every field of a request with its checklist's progress instead of its checklist.

    What a listing prints, read from the request's row alone. The fields are in the
    order of :data:`REQUEST_FIELDS`, then version, score and checklist progress: the
    order of a listing's columns. A named tuple: a listing makes one per request.
    """

    id: int
    title: str
    description: str
    source: Source
    requester: str | None
    customer: str | None
    arr: int | None
    due: date | None
    frameworks: tuple[str, ...]
    tags: tuple[str, ...]
    estimate_weeks: float | None
    planned_weeks: float | None
    reach: int | None
    impact: float | None
    confidence: int | None
    status: Status
    decision: Decision | None
    rationale: str
    revisit: date | None
    horizon: Horizon | None
    objective: str | None
    owner: str | None
    created_at: datetime
    updated_at: datetime
    updated_by: str | None
    version: int
    score: float | None
    checklist_done: int
    checklist_total: int
    ask_count: int = 0
    """How many asks the request holds."""
    accounts: int = 0
    """How many distinct accounts asked."""
    importance: Importance | None = None
    """The highest importance of the asks."""
    merged_into: int | None = None
    """The request this one was merged into, if any."""


@dataclass(frozen=True, slots=True)
class Objective:
    """A business objective that committed work serves."""

    key: str
    title: str
    status: ObjectiveStatus = ObjectiveStatus.ACTIVE
    description: str = ""
    target: date | None = None


@dataclass(frozen=True, slots=True)
class WorkspaceData:
    """Everything a workspace holds: what a snapshot carries and a bulk load writes."""

    vision: str
    template: tuple[TemplateItem, ...]
    objectives: tuple[Objective, ...] = ()
    records: tuple[RequestRecord, ...] = field(default=())
    accounts: tuple[Account, ...] = ()
    redacted: bool = False
    """True once the data came from a redacted snapshot: every export of it is redacted."""
