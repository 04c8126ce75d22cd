"""A believable security-PM workspace, generated from a seed.

Asks come from customers, deals and renewals, audits, other teams and incidents; each
walks the lifecycle over the past sixteen weeks the way real ones do — triaged after a
few days, discovered, then built, bought, carved out by policy, declined or deferred —
and stops wherever "now" catches it. The same seed and clock give the same workspace.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.model import (
    Answer,
    ChecklistItem,
    Decision,
    Horizon,
    Objective,
    ObjectiveStatus,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    WorkspaceData,
)

HISTORY_DAYS = 112
VISION = (
    "Security that sales can sell: every customer ask answered within a week, every "
    "commitment tied to revenue or risk, and nothing built that could be bought or carved "
    "out by policy."
)


@dataclass(frozen=True)
class Ask:
    """A kind of request that reaches a security team, with how it usually ends."""

    title: str
    source: Source
    frameworks: tuple[str, ...]
    tags: tuple[str, ...]
    estimate: tuple[float, float]
    decisions: tuple[tuple[Decision, int], ...]
    objective: str | None
    revenue: bool


def _ask(
    title: str,
    source: Source,
    estimate: tuple[float, float],
    decisions: str,
    *,
    frameworks: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    objective: str | None = None,
    revenue: bool = False,
) -> Ask:
    weights = tuple(
        (Decision(name), int(weight))
        for name, weight in (part.split(":") for part in decisions.split())
    )
    return Ask(title, source, frameworks, tags, estimate, weights, objective, revenue)


CUS, SAL, CMP, INT, INC = (
    Source.CUSTOMER,
    Source.SALES,
    Source.COMPLIANCE,
    Source.INTERNAL,
    Source.INCIDENT,
)

ASKS: tuple[Ask, ...] = (
    _ask(
        "SSO/SAML for the admin console",
        CUS,
        (4, 10),
        "build:6 buy:3 defer:1",
        frameworks=("SOC 2 CC6.1",),
        tags=("identity", "sso"),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "SCIM user provisioning",
        CUS,
        (3, 8),
        "build:5 buy:2 defer:3",
        frameworks=("SOC 2 CC6.2",),
        tags=("identity",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "Audit-log export to the customer's SIEM",
        CUS,
        (3, 6),
        "build:6 policy:1 defer:2",
        frameworks=("SOC 2 CC7.2", "ISO 27001 A.8.15"),
        tags=("logging",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "Customer-managed encryption keys (BYOK)",
        CUS,
        (8, 20),
        "build:3 defer:4 decline:3",
        frameworks=("ISO 27001 A.8.24",),
        tags=("crypto",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "Annual pen-test letter",
        CUS,
        (0.5, 1),
        "buy:8 policy:2",
        tags=("assurance",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "IP allow-listing for the public API",
        CUS,
        (2, 5),
        "build:6 policy:2 decline:2",
        tags=("network",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "EU data residency for tenant data",
        CUS,
        (12, 30),
        "defer:5 decline:3 build:2",
        frameworks=("GDPR Art. 44",),
        tags=("privacy", "residency"),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "Configurable session timeout per tenant",
        CUS,
        (1, 3),
        "build:7 policy:3",
        frameworks=("SOC 2 CC6.1",),
        tags=("identity",),
        revenue=True,
    ),
    _ask(
        "Private connectivity (PrivateLink) for the API",
        CUS,
        (6, 14),
        "build:3 defer:5 decline:2",
        tags=("network",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "Field-level encryption for PII exports",
        CUS,
        (5, 12),
        "build:4 policy:3 decline:3",
        frameworks=("GDPR Art. 32",),
        tags=("privacy", "crypto"),
        revenue=True,
    ),
    _ask(
        "SOC 2 Type II report for the renewal",
        SAL,
        (0.5, 1),
        "policy:7 buy:3",
        frameworks=("SOC 2",),
        tags=("assurance",),
        objective="O2",
        revenue=True,
    ),
    _ask(
        "Custom DPA with 24-hour breach notice",
        SAL,
        (1, 2),
        "policy:6 decline:4",
        frameworks=("GDPR Art. 33",),
        tags=("legal",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "300-question security questionnaire",
        SAL,
        (1, 3),
        "policy:6 buy:3 build:1",
        tags=("questionnaire",),
        objective="O1",
        revenue=True,
    ),
    _ask(
        "FedRAMP Moderate roadmap letter for the bid",
        SAL,
        (1, 2),
        "policy:5 defer:5",
        frameworks=("FedRAMP",),
        tags=("public-sector",),
        objective="O3",
        revenue=True,
    ),
    _ask(
        "ISO 27001 certificate for the tender",
        SAL,
        (0.5, 1),
        "policy:7 buy:3",
        frameworks=("ISO 27001",),
        tags=("assurance",),
        objective="O2",
        revenue=True,
    ),
    _ask(
        "HIPAA BAA and PHI handling review",
        SAL,
        (2, 6),
        "policy:5 build:3 decline:2",
        frameworks=("HIPAA 164.308",),
        tags=("healthcare", "legal"),
        revenue=True,
    ),
    _ask(
        "Right-to-audit clause in the MSA",
        SAL,
        (0.5, 2),
        "policy:5 decline:5",
        tags=("legal",),
        revenue=True,
    ),
    _ask(
        "Quarterly access reviews as SOC 2 evidence",
        CMP,
        (2, 5),
        "build:4 buy:5 policy:1",
        frameworks=("SOC 2 CC6.1", "SOC 2 CC6.2"),
        tags=("audit", "identity"),
        objective="O2",
    ),
    _ask(
        "Account management automation",
        CMP,
        (4, 10),
        "build:5 buy:4 defer:1",
        frameworks=("FedRAMP AC-2",),
        tags=("identity", "audit"),
        objective="O3",
    ),
    _ask(
        "Cryptography policy update",
        CMP,
        (1, 2),
        "policy:9 build:1",
        frameworks=("ISO 27001 A.8.24",),
        tags=("policy", "crypto"),
        objective="O2",
    ),
    _ask(
        "Payment-page script inventory",
        CMP,
        (2, 6),
        "buy:5 build:4 defer:1",
        frameworks=("PCI DSS 6.4.3",),
        tags=("pci", "web"),
    ),
    _ask(
        "DPIA for the new product analytics",
        CMP,
        (1, 3),
        "policy:7 build:3",
        frameworks=("GDPR Art. 35",),
        tags=("privacy",),
    ),
    _ask(
        "Vendor risk assessment backlog",
        CMP,
        (3, 8),
        "buy:6 policy:3 defer:1",
        frameworks=("SOC 2 CC9.2",),
        tags=("vendor-risk",),
        objective="O2",
    ),
    _ask(
        "One-year log retention for auditors",
        CMP,
        (2, 4),
        "build:5 buy:4 policy:1",
        frameworks=("SOC 2 CC7.2", "FedRAMP AU-11"),
        tags=("logging", "audit"),
        objective="O2",
    ),
    _ask(
        "In-house replacement for Snyk",
        INT,
        (20, 40),
        "decline:6 buy:3 defer:1",
        tags=("appsec", "build-vs-buy"),
        objective="O4",
    ),
    _ask(
        "Build our own secrets scanner",
        INT,
        (8, 16),
        "buy:6 decline:4",
        tags=("appsec", "build-vs-buy"),
    ),
    _ask(
        "Self-service security review for launches",
        INT,
        (4, 10),
        "build:7 defer:3",
        tags=("appsec", "process"),
        objective="O4",
    ),
    _ask(
        "Threat model for the payments service",
        INT,
        (1, 3),
        "build:8 defer:2",
        tags=("appsec", "threat-model"),
        objective="O4",
    ),
    _ask(
        "Replace the VPN with zero-trust access",
        INT,
        (10, 24),
        "buy:5 defer:4 decline:1",
        tags=("network", "identity"),
    ),
    _ask(
        "Security champions programme",
        INT,
        (2, 6),
        "build:6 defer:4",
        tags=("culture",),
        objective="O4",
    ),
    _ask(
        "Container image signing in CI",
        INT,
        (3, 6),
        "build:6 buy:2 defer:2",
        tags=("supply-chain",),
        objective="O5",
    ),
    _ask(
        "Rotate leaked CI token and add secret scanning",
        INC,
        (0.5, 2),
        "build:7 buy:3",
        tags=("incident", "supply-chain"),
        objective="O5",
    ),
    _ask(
        "Phishing-resistant MFA after credential stuffing",
        INC,
        (3, 8),
        "build:5 buy:5",
        frameworks=("SOC 2 CC6.1",),
        tags=("incident", "identity"),
        objective="O5",
    ),
    _ask(
        "Harden bucket policies after public exposure",
        INC,
        (1, 3),
        "build:8 policy:2",
        frameworks=("ISO 27001 A.8.3",),
        tags=("incident", "cloud"),
        objective="O5",
    ),
    _ask(
        "Rate limiting on login after brute-force attempts",
        INC,
        (1, 3),
        "build:9 defer:1",
        tags=("incident", "identity"),
        objective="O5",
    ),
    _ask(
        "EDR coverage gaps on engineering laptops",
        INC,
        (2, 5),
        "buy:7 build:3",
        tags=("incident", "endpoint"),
        objective="O5",
    ),
    _ask(
        "Bug bounty programme",
        INT,
        (2, 6),
        "buy:6 defer:3 decline:1",
        tags=("appsec",),
        objective="O4",
    ),
)

CUSTOMERS = (
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Financial",
    "Hooli",
    "Pied Piper",
    "Massive Dynamic",
    "Cyberdyne Systems",
    "Tyrell Biotech",
    "Wonka Retail",
    "Aperture Labs",
    "Vandelay Industries",
    "Gringotts Bank",
    "Nakatomi Trading",
    "Monarch Insurance",
    "Blue Sun",
    "Dunder Mifflin",
    "Sterling Cooper",
    "Bluth Company",
    "Virtucon",
    "Nordic Telecom AB",
    "Kaiju Cloud KK",
    "Helvetia Pharma AG",
    "Banco Meridional",
    "Oceanic Airlines",
    "Soylent Foods",
    "Tessier-Ashpool",
    "Yoyodyne",
)

SALES_PEOPLE = (
    "Dana Reyes (AE, EMEA)",
    "Marcus Chen (VP Sales)",
    "Priya Patel (CSM)",
    "Tom Becker (AE, DACH)",
    "Aiko Tanaka (AE, APAC)",
    "Lena Novak (Renewals)",
    "Sam Okafor (Sales Engineer)",
)
TEAMS = {
    Source.COMPLIANCE: ("GRC team", "External auditor", "Head of Compliance", "Legal"),
    Source.INTERNAL: ("Platform team", "CTO", "Payments team", "Head of IT", "AppSec guild"),
    Source.INCIDENT: ("Incident commander", "SRE on-call", "IT Operations"),
}

RATIONALES = {
    Decision.BUILD: (
        "Two renewals name it as a blocker; scoped to the admin console only.",
        "Evidence from three customers; smallest version ships in one sprint.",
        "Auditor finding; no vendor covers our stack without a second agent.",
        "Incident follow-up; owned by platform with a clear success metric.",
    ),
    Decision.BUY: (
        "A vendor covers 90% of the need for a fraction of the build cost.",
        "Existing tool already licensed; integration only.",
        "Market is mature; building would duplicate a commodity product.",
    ),
    Decision.POLICY: (
        "Contract language carves out legacy systems; no engineering needed.",
        "Answered with existing SOC 2 report and a bridge letter.",
        "Policy update satisfies the control; evidence collected quarterly.",
    ),
    Decision.DECLINE: (
        "Requester could not show the need; no revenue tied to it.",
        "Duplicates a product we already pay for.",
        "Blanket change with no named systems; customer accepted the existing controls.",
    ),
    Decision.DEFER: (
        "Real need, but only one deal; revisit when a second customer asks.",
        "Depends on the platform migration next quarter.",
        "Not in this half's objectives; parked with the account team's agreement.",
    ),
}

FORCE_REASONS = (
    "CEO escalation: renewal at risk this quarter",
    "Audit date fixed; discovery to finish in parallel",
    "Incident remediation cannot wait for discovery",
)

OBJECTIVES = (
    (
        "O1",
        "Unblock enterprise deals in EMEA",
        120,
        ObjectiveStatus.ACTIVE,
        "No enterprise deal in EMEA stalls on a security requirement for more than two weeks.",
    ),
    (
        "O2",
        "Pass SOC 2 Type II with zero exceptions",
        75,
        ObjectiveStatus.ACTIVE,
        "Continuous evidence instead of a scramble before the audit window.",
    ),
    (
        "O3",
        "FedRAMP Moderate readiness",
        300,
        ObjectiveStatus.ACTIVE,
        "Close the control gaps the public-sector pipeline depends on.",
    ),
    (
        "O4",
        "Halve the time to a security review for launches",
        150,
        ObjectiveStatus.ACTIVE,
        "Self-service guidance so product teams are not queued behind security.",
    ),
    (
        "O5",
        "Contain incident blast radius",
        -10,
        ObjectiveStatus.DONE,
        "Every incident follow-up closed within a month.",
    ),
    (
        "O6",
        "Replace the SAST vendor",
        60,
        ObjectiveStatus.DROPPED,
        "Dropped: the current vendor's renewal terms improved.",
    ),
)


class _Walk:
    """One request's life, generated step by step until it reaches the present."""

    def __init__(self, rng: random.Random, ask: Ask, created: datetime, now: datetime) -> None:
        self.rng = rng
        self.ask = ask
        self.now = now
        self.at = created
        self.status = Status.INTAKE
        self.history = [StatusEvent(at=created, to_status=Status.INTAKE)]
        self.decision: Decision | None = None
        self.answered = 0
        self.forced = False

    def advance(self, days: float, to: Status, *, note: str = "", forced: bool = False) -> bool:
        """Move after ``days`` if that is still in the past; False when now came first."""
        moment = self.at + timedelta(days=days)
        if moment > self.now:
            return False
        self.history.append(
            StatusEvent(at=moment, from_status=self.status, to_status=to, note=note, forced=forced)
        )
        self.at, self.status = moment, to
        return True

    def run(self) -> None:
        rng = self.rng
        triage_days = rng.expovariate(1 / 4) + (rng.uniform(7, 40) if rng.random() < 0.2 else 0)
        if not self.advance(triage_days, Status.DISCOVERY):
            return
        discovery_days = rng.uniform(4, 30)
        self.answered = min(9, int(9 * min(1, (self.now - self.at).days / discovery_days)))
        decisions, weights = zip(*self.ask.decisions, strict=True)
        self.decision = rng.choices(decisions, weights)[0]
        if self.decision in (Decision.DECLINE, Decision.DEFER):
            if self.advance(discovery_days, Status.CLOSED):
                self.answered = rng.randint(5, 9)
                if rng.random() < 0.06 and self.advance(
                    rng.uniform(5, 30), Status.DISCOVERY, note="Customer came back with evidence"
                ):
                    self.decision, self.answered = None, rng.randint(2, 8)
            elif self.answered < 5:
                self.decision = None
            return
        self.forced = rng.random() < 0.06
        if self.forced:
            discovery_days = rng.uniform(0.5, 3)
            self.answered = min(self.answered, rng.randint(0, 7))
        if not self.advance(
            discovery_days,
            Status.COMMITTED,
            note=rng.choice(FORCE_REASONS) if self.forced else "",
            forced=self.forced,
        ):
            if self.answered < 9:
                self.decision = None
            return
        if not self.forced:
            self.answered = 9
        low, high = self.ask.estimate
        if self.advance(rng.uniform(3, 35), Status.IN_PROGRESS):
            self.advance(rng.uniform(0.6, 1.4) * 7 * (low + high) / 3, Status.SHIPPED)


def _checklist(rng: random.Random, answered: int) -> tuple[ChecklistItem, ...]:
    keys = list(range(len(DEFAULT_TEMPLATE)))
    done = set(rng.sample(keys, answered))
    items = []
    for index, item in enumerate(DEFAULT_TEMPLATE):
        if index in done:
            answer = rng.choices((Answer.YES, Answer.NO, Answer.NA), (6, 3, 1))[0]
            note = (
                "Confirmed on the account call"
                if answer is Answer.YES and rng.random() < 0.2
                else ""
            )
            items.append(ChecklistItem(item.key, item.question, answer, note))
        else:
            items.append(ChecklistItem(item.key, item.question))
    return tuple(items)


def _request(rng: random.Random, walk: _Walk, number: int, now: datetime) -> Request:
    ask = walk.ask
    customer = rng.choice(CUSTOMERS) if ask.source in (Source.CUSTOMER, Source.SALES) else None
    title = f"{ask.title} — {customer}" if customer else ask.title
    if ask.source in (Source.CUSTOMER, Source.SALES):
        requester = rng.choice(SALES_PEOPLE)
    else:
        requester = rng.choice(TEAMS[ask.source])
    low, high = ask.estimate
    estimate = round(rng.uniform(low, high) * 2) / 2
    decision = walk.decision
    planned = None
    if decision in (Decision.DECLINE, Decision.DEFER):
        planned = 0.0
    elif decision is Decision.BUY:
        planned = round(rng.uniform(0.5, 3) * 2) / 2
    elif decision is Decision.POLICY:
        planned = round(rng.uniform(0.5, 1.5) * 2) / 2
    elif decision is Decision.BUILD:
        planned = max(0.5, round(estimate * rng.uniform(0.3, 0.9) * 2) / 2)
    has_rice = walk.status is not Status.INTAKE or rng.random() < 0.3
    due = None
    if ask.source in (Source.SALES, Source.COMPLIANCE) or (ask.revenue and rng.random() < 0.4):
        due = (walk.history[0].at + timedelta(days=rng.randint(10, 150))).date()
    horizon = None
    if walk.status is Status.IN_PROGRESS:
        horizon = Horizon.NOW
    elif walk.status is Status.COMMITTED:
        horizon = rng.choices((Horizon.NOW, Horizon.NEXT, Horizon.LATER), (3, 4, 2))[0]
    elif walk.status is Status.SHIPPED:
        horizon = Horizon.NOW
    objective = None
    if ask.objective and walk.status in (Status.COMMITTED, Status.IN_PROGRESS, Status.SHIPPED):
        objective = ask.objective if rng.random() < 0.85 else None
    rationale = rng.choice(RATIONALES[decision]) if decision else ""
    revisit = None
    if decision is Decision.DEFER:
        revisit = (now + timedelta(days=rng.randint(20, 120))).date()
    return Request(
        id=number,
        title=title,
        description=_description(ask, customer),
        source=ask.source,
        status=walk.status,
        created_at=walk.history[0].at,
        updated_at=walk.history[-1].at,
        requester=requester,
        customer=customer,
        arr=rng.randrange(20_000, 900_000, 5_000) if customer else None,
        due=due,
        frameworks=ask.frameworks,
        tags=ask.tags,
        estimate_weeks=estimate,
        planned_weeks=planned,
        reach=rng.randint(1, 400) if has_rice else None,
        impact=rng.choice((0.25, 0.5, 1.0, 2.0, 3.0)) if has_rice else None,
        confidence=rng.choice((50, 60, 70, 80, 90, 100)) if has_rice else None,
        decision=decision,
        rationale=rationale,
        revisit=revisit,
        horizon=horizon,
        objective=objective,
        checklist=_checklist(rng, walk.answered) if walk.status is not Status.INTAKE else (),
    )


def _description(ask: Ask, customer: str | None) -> str:
    who = customer or "The requester"
    if ask.source is Source.INCIDENT:
        return f"Follow-up from a security incident: {ask.title.lower()}."
    if ask.source is Source.COMPLIANCE:
        frameworks = ", ".join(ask.frameworks) or "the audit"
        return f"Needed as evidence for {frameworks}. Auditor asked during fieldwork."
    if ask.source is Source.INTERNAL:
        return f"{who} believes we need this. Discovery should confirm the problem first."
    return f"{who} asked for this during the sales cycle. Confirm the blocker and the scope."


def generate(count: int, seed: int, now: datetime) -> WorkspaceData:
    """A demo workspace of ``count`` requests whose history ends at ``now``."""
    rng = random.Random(seed)
    created = sorted(
        now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.3, minutes=rng.randint(0, 600))
        for _ in range(count)
    )
    records = []
    for number, moment in enumerate(created, start=1):
        walk = _Walk(rng, rng.choice(ASKS), moment, now)
        walk.run()
        records.append(RequestRecord(_request(rng, walk, number, now), tuple(walk.history)))
    today: date = now.date()
    objectives = tuple(
        Objective(
            key=key,
            title=title,
            status=status,
            description=description,
            target=today + timedelta(days=days),
        )
        for key, title, days, status, description in OBJECTIVES
    )
    return WorkspaceData(
        vision=VISION, template=DEFAULT_TEMPLATE, objectives=objectives, records=tuple(records)
    )
