"""What the demo workspace is made of: the asks, the customers, the people and the words.

Realistic material for a security PM's desk: customer and deal asks (SSO, SCIM, audit
logs, pen-test letters, data residency…), audits, other teams' ideas (an in-house
replacement for Snyk) and incident follow-ups, each with how such asks usually end.
"""

from __future__ import annotations

from dataclasses import dataclass

from secboard.domain.model import Decision, ObjectiveStatus, Source

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

# fmt: off
ASKS: tuple[Ask, ...] = (
    _ask("SSO/SAML for the admin console", CUS, (4, 10), "build:6 buy:3 defer:1",
         frameworks=("SOC 2 CC6.1",), tags=("identity", "sso"), objective="O1", revenue=True),
    _ask("SCIM user provisioning", CUS, (3, 8), "build:5 buy:2 defer:3",
         frameworks=("SOC 2 CC6.2",), tags=("identity",), objective="O1", revenue=True),
    _ask("Audit-log export to the customer's SIEM", CUS, (3, 6), "build:6 policy:1 defer:2",
         frameworks=("SOC 2 CC7.2", "ISO 27001 A.8.15"), tags=("logging",), objective="O1",
         revenue=True),
    _ask("Customer-managed encryption keys (BYOK)", CUS, (8, 20), "build:3 defer:4 decline:3",
         frameworks=("ISO 27001 A.8.24",), tags=("crypto",), objective="O1", revenue=True),
    _ask("Annual pen-test letter", CUS, (0.5, 1), "buy:8 policy:2",
         tags=("assurance",), objective="O1", revenue=True),
    _ask("IP allow-listing for the public API", CUS, (2, 5), "build:6 policy:2 decline:2",
         tags=("network",), objective="O1", revenue=True),
    _ask("EU data residency for tenant data", CUS, (12, 30), "defer:5 decline:3 build:2",
         frameworks=("GDPR Art. 44",), tags=("privacy", "residency"), objective="O1", revenue=True),
    _ask("Configurable session timeout per tenant", CUS, (1, 3), "build:7 policy:3",
         frameworks=("SOC 2 CC6.1",), tags=("identity",), revenue=True),
    _ask("Private connectivity (PrivateLink) for the API", CUS, (6, 14),
         "build:3 defer:5 decline:2",
         tags=("network",), objective="O1", revenue=True),
    _ask("Field-level encryption for PII exports", CUS, (5, 12), "build:4 policy:3 decline:3",
         frameworks=("GDPR Art. 32",), tags=("privacy", "crypto"), revenue=True),
    _ask("SOC 2 Type II report for the renewal", SAL, (0.5, 1), "policy:7 buy:3",
         frameworks=("SOC 2",), tags=("assurance",), objective="O2", revenue=True),
    _ask("Custom DPA with 24-hour breach notice", SAL, (1, 2), "policy:6 decline:4",
         frameworks=("GDPR Art. 33",), tags=("legal",), objective="O1", revenue=True),
    _ask("300-question security questionnaire", SAL, (1, 3), "policy:6 buy:3 build:1",
         tags=("questionnaire",), objective="O1", revenue=True),
    _ask("FedRAMP Moderate roadmap letter for the bid", SAL, (1, 2), "policy:5 defer:5",
         frameworks=("FedRAMP",), tags=("public-sector",), objective="O3", revenue=True),
    _ask("ISO 27001 certificate for the tender", SAL, (0.5, 1), "policy:7 buy:3",
         frameworks=("ISO 27001",), tags=("assurance",), objective="O2", revenue=True),
    _ask("HIPAA BAA and PHI handling review", SAL, (2, 6), "policy:5 build:3 decline:2",
         frameworks=("HIPAA 164.308",), tags=("healthcare", "legal"), revenue=True),
    _ask("Right-to-audit clause in the MSA", SAL, (0.5, 2), "policy:5 decline:5",
         tags=("legal",), revenue=True),
    _ask("Quarterly access reviews as SOC 2 evidence", CMP, (2, 5), "build:4 buy:5 policy:1",
         frameworks=("SOC 2 CC6.1", "SOC 2 CC6.2"), tags=("audit", "identity"), objective="O2"),
    _ask("Account management automation", CMP, (4, 10), "build:5 buy:4 defer:1",
         frameworks=("FedRAMP AC-2",), tags=("identity", "audit"), objective="O3"),
    _ask("Cryptography policy update", CMP, (1, 2), "policy:9 build:1",
         frameworks=("ISO 27001 A.8.24",), tags=("policy", "crypto"), objective="O2"),
    _ask("Payment-page script inventory", CMP, (2, 6), "buy:5 build:4 defer:1",
         frameworks=("PCI DSS 6.4.3",), tags=("pci", "web")),
    _ask("DPIA for the new product analytics", CMP, (1, 3), "policy:7 build:3",
         frameworks=("GDPR Art. 35",), tags=("privacy",)),
    _ask("Vendor risk assessment backlog", CMP, (3, 8), "buy:6 policy:3 defer:1",
         frameworks=("SOC 2 CC9.2",), tags=("vendor-risk",), objective="O2"),
    _ask("One-year log retention for auditors", CMP, (2, 4), "build:5 buy:4 policy:1",
         frameworks=("SOC 2 CC7.2", "FedRAMP AU-11"), tags=("logging", "audit"), objective="O2"),
    _ask("In-house replacement for Snyk", INT, (20, 40), "decline:6 buy:3 defer:1",
         tags=("appsec", "build-vs-buy"), objective="O4"),
    _ask("Build our own secrets scanner", INT, (8, 16), "buy:6 decline:4",
         tags=("appsec", "build-vs-buy")),
    _ask("Self-service security review for launches", INT, (4, 10), "build:7 defer:3",
         tags=("appsec", "process"), objective="O4"),
    _ask("Threat model for the payments service", INT, (1, 3), "build:8 defer:2",
         tags=("appsec", "threat-model"), objective="O4"),
    _ask("Replace the VPN with zero-trust access", INT, (10, 24), "buy:5 defer:4 decline:1",
         tags=("network", "identity")),
    _ask("Security champions programme", INT, (2, 6), "build:6 defer:4",
         tags=("culture",), objective="O4"),
    _ask("Container image signing in CI", INT, (3, 6), "build:6 buy:2 defer:2",
         tags=("supply-chain",), objective="O5"),
    _ask("Rotate leaked CI token and add secret scanning", INC, (0.5, 2), "build:7 buy:3",
         tags=("incident", "supply-chain"), objective="O5"),
    _ask("Phishing-resistant MFA after credential stuffing", INC, (3, 8), "build:5 buy:5",
         frameworks=("SOC 2 CC6.1",), tags=("incident", "identity"), objective="O5"),
    _ask("Harden bucket policies after public exposure", INC, (1, 3), "build:8 policy:2",
         frameworks=("ISO 27001 A.8.3",), tags=("incident", "cloud"), objective="O5"),
    _ask("Rate limiting on login after brute-force attempts", INC, (1, 3), "build:9 defer:1",
         tags=("incident", "identity"), objective="O5"),
    _ask("EDR coverage gaps on engineering laptops", INC, (2, 5), "buy:7 build:3",
         tags=("incident", "endpoint"), objective="O5"),
    _ask("Bug bounty programme", INT, (2, 6), "buy:6 defer:3 decline:1",
         tags=("appsec",), objective="O4"),
)
# fmt: on

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
