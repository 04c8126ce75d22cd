"""What the demo workspace is made of: the asks, the customers, the people and the words.

Realistic material for a security PM's desk: customer and deal asks (SSO, SCIM, audit
logs, pen-test letters, data residency…), audits, other teams' ideas (an in-house
replacement for Snyk) and incident follow-ups, each with how such asks usually end; the
accounts they come from, and what askers said.
"""

from __future__ import annotations

from dataclasses import dataclass

from secboard.domain.asks import AccountKind, Channel
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
    _ask("Customer-visible status page for security incidents", CUS, (1, 3),
         "build:5 buy:4 defer:1", tags=("incident-comms",), revenue=True),
    _ask("Role-based access control for tenant users", CUS, (4, 9), "build:7 defer:3",
         frameworks=("SOC 2 CC6.3",), tags=("identity",), objective="O1", revenue=True),
    _ask("Webhook signature verification", CUS, (1, 2), "build:9 defer:1",
         tags=("api",), revenue=True),
    _ask("Data deletion certificate at contract end", CUS, (0.5, 2), "policy:7 build:3",
         frameworks=("GDPR Art. 17",), tags=("privacy",), revenue=True),
    _ask("Tenant-level MFA enforcement", CUS, (2, 4), "build:8 defer:2",
         frameworks=("SOC 2 CC6.1",), tags=("identity",), objective="O1", revenue=True),
    _ask("Sub-processor change notifications", CUS, (0.5, 1), "policy:8 build:2",
         frameworks=("GDPR Art. 28",), tags=("privacy", "vendor-risk"), revenue=True),
    _ask("Read-only support access with customer approval", CUS, (3, 6),
         "build:6 policy:2 decline:2", tags=("access",), revenue=True),
    _ask("Vulnerability disclosure SLAs in the contract", SAL, (0.5, 1), "policy:6 decline:4",
         tags=("legal",), revenue=True),
    _ask("CAIQ self-assessment for the procurement portal", SAL, (1, 2), "policy:8 buy:2",
         frameworks=("CSA STAR",), tags=("questionnaire",), objective="O1", revenue=True),
    _ask("Proof of cyber insurance for the RFP", SAL, (0.5, 1), "policy:9 decline:1",
         tags=("legal", "assurance"), revenue=True),
    _ask("On-site security assessment by the bank", SAL, (1, 3), "policy:5 decline:5",
         tags=("audit",), revenue=True),
    _ask("Dedicated single-tenant deployment", SAL, (15, 30), "decline:5 defer:4 build:1",
         tags=("architecture",), revenue=True),
    _ask("Business continuity test before the audit window", CMP, (1, 3), "build:5 policy:5",
         frameworks=("ISO 27001 A.5.30",), tags=("resilience",), objective="O2"),
    _ask("Asset inventory for the ISO scope", CMP, (2, 5), "buy:6 build:4",
         frameworks=("ISO 27001 A.5.9",), tags=("audit",), objective="O2"),
    _ask("Change management evidence from CI", CMP, (2, 4), "build:7 buy:3",
         frameworks=("SOC 2 CC8.1",), tags=("audit", "supply-chain"), objective="O2"),
    _ask("Security awareness training records", CMP, (0.5, 2), "buy:8 policy:2",
         frameworks=("SOC 2 CC1.4",), tags=("culture", "audit"), objective="O2"),
    _ask("Move secrets from environment files to a vault", INT, (3, 8), "build:6 buy:4",
         tags=("secrets",)),
    _ask("SBOM for every release", INT, (2, 5), "build:5 buy:4 defer:1",
         tags=("supply-chain",)),
    _ask("Browser isolation for finance staff", INT, (4, 8), "buy:3 decline:5 defer:2",
         tags=("endpoint",)),
    _ask("Dependency update bot for every repository", INT, (1, 2), "build:8 buy:2",
         tags=("appsec",), objective="O4"),
    _ask("Revoke stale OAuth grants after a token theft", INC, (1, 2), "build:8 policy:2",
         tags=("incident", "identity"), objective="O5"),
    _ask("DNS takeover check for forgotten subdomains", INC, (1, 3), "build:6 buy:4",
         tags=("incident", "cloud"), objective="O5"),
)
# fmt: on

SALES_PEOPLE = (
    "Dana Reyes (AE, EMEA)",
    "Marcus Chen (VP Sales)",
    "Priya Patel (CSM)",
    "Tom Becker (AE, DACH)",
    "Aiko Tanaka (AE, APAC)",
    "Lena Novak (Renewals)",
    "Sam Okafor (Sales Engineer)",
)
"""The account team: account executives, a CSM, renewals and a sales engineer."""


@dataclass(frozen=True)
class Company:
    """An account of the demo: who they are to us, what they are worth, when they renew."""

    name: str
    kind: AccountKind
    arr: int
    """ARR; for a prospect, the deal's expected ARR."""
    tier: str
    renewal_days: int | None
    """Days from now to the renewal (None: no contract to renew)."""
    owner: str
    notes: str = ""


_C, _P, _R = AccountKind.CUSTOMER, AccountKind.PROSPECT, AccountKind.PARTNER
_DANA, _MARCUS, _PRIYA, _TOM, _AIKO, _LENA, _SAM = SALES_PEOPLE

# fmt: off
COMPANIES: tuple[Company, ...] = (
    Company("Acme Corp", _C, 1_200_000, "Strategic", 64, _MARCUS,
            "Largest logo in the region; the CISO reviews every renewal."),
    Company("Globex", _C, 640_000, "Enterprise", 150, _DANA),
    Company("Initech", _C, 85_000, "Mid-market", 32, _LENA),
    Company("Umbrella Health", _C, 420_000, "Enterprise", 210, _DANA,
            "Healthcare: PHI in scope, BAA signed."),
    Company("Stark Logistics", _C, 310_000, "Enterprise", 95, _MARCUS),
    Company("Wayne Financial", _C, 980_000, "Strategic", 18, _MARCUS,
            "Regulated bank; security questionnaire every year."),
    Company("Hooli", _C, 150_000, "Mid-market", 270, _LENA),
    Company("Pied Piper", _C, 40_000, "Growth", 120, _LENA),
    Company("Massive Dynamic", _C, 560_000, "Enterprise", 45, _DANA),
    Company("Cyberdyne Systems", _C, 275_000, "Enterprise", 330, _TOM),
    Company("Tyrell Biotech", _C, 190_000, "Mid-market", 76, _AIKO),
    Company("Wonka Retail", _C, 65_000, "Growth", 180, _LENA),
    Company("Aperture Labs", _C, 120_000, "Mid-market", 8, _TOM),
    Company("Vandelay Industries", _C, 30_000, "Growth", 240, _LENA),
    Company("Gringotts Bank", _C, 870_000, "Strategic", 300, _TOM,
            "Data must stay in the EU; audits us every spring."),
    Company("Nakatomi Trading", _C, 230_000, "Enterprise", 58, _AIKO),
    Company("Monarch Insurance", _C, 340_000, "Enterprise", 135, _DANA),
    Company("Dunder Mifflin", _C, 25_000, "Growth", 28, _LENA),
    Company("Sterling Cooper", _C, 95_000, "Mid-market", 200, _DANA),
    Company("Nordic Telecom AB", _C, 510_000, "Enterprise", 110, _DANA),
    Company("Kaiju Cloud KK", _C, 360_000, "Enterprise", 70, _AIKO),
    Company("Helvetia Pharma AG", _C, 720_000, "Strategic", 160, _TOM,
            "GxP validated; change notices 30 days ahead."),
    Company("Banco Meridional", _C, 450_000, "Enterprise", 40, _DANA),
    Company("Oceanic Airlines", _C, 180_000, "Mid-market", 350, _MARCUS),
    Company("Soylent Foods", _C, 55_000, "Growth", 90, _LENA),
    Company("Blue Sun", _P, 800_000, "Enterprise", None, _MARCUS,
            "Evaluation; security review is the last gate before signature."),
    Company("Bluth Company", _P, 120_000, "Mid-market", None, _DANA),
    Company("Virtucon", _P, 300_000, "Enterprise", None, _TOM),
    Company("Tessier-Ashpool", _P, 1_500_000, "Strategic", None, _MARCUS,
            "Public tender; FedRAMP asked for in the RFP."),
    Company("Yoyodyne", _P, 260_000, "Enterprise", None, _AIKO),
    Company("Northwind Health Partners", _P, 90_000, "Mid-market", None, _DANA),
    Company("Contoso Systems Integration", _R, 200_000, "Partner", 190, _MARCUS,
            "Resells us in the public sector; passes their customers' asks on."),
)
# fmt: on

NAME_STEMS = (
    "Alder", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Pioneer", "Quarry",
    "Redwood", "Summit", "Tidal", "Umber", "Vector", "Willow", "Xenon", "Yarrow", "Zephyr",
    "Atlas", "Beacon", "Cascade", "Dune", "Echo", "Falcon", "Glacier", "Helix", "Ionic",
    "Jade", "Keystone", "Lattice", "Mosaic", "Northstar",
)  # fmt: skip
NAME_SECTORS = (
    "Health", "Bank", "Logistics", "Retail", "Energy", "Insurance", "Media", "Pharma",
    "Telecom", "Foods", "Airlines", "Robotics", "Analytics", "Mining", "Motors",
    "Capital", "Labs", "Software", "Shipping", "Textiles", "Games", "Water", "Travel",
    "Studios", "Security",
)  # fmt: skip
NAME_FORMS = (
    "Inc", "Ltd", "GmbH", "SA", "AB", "BV", "KK", "Group", "Holdings", "plc", "AG",
    "Oy", "SpA", "LLC", "Co", "Partners", "AS", "NV", "Pty", "SAS",
)  # fmt: skip
"""Parts of the names of the many more accounts a large demo workspace needs."""

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


# What askers said, by kind of request: verbatim, as they wrote or said it.
# fmt: off
QUOTES: dict[str, tuple[str, ...]] = {
    "SSO/SAML for the admin console": (
        "Our CISO won't approve the renewal until admins log in through Okta.",
        "We have 40 admins sharing local passwords. SAML is a must-have, not a nice-to-have.",
        "Can you confirm SSO is on the roadmap? Procurement asked me twice this week.",
        "If admins can't use Azure AD we fail our own access policy. Blocking for us.",
    ),
    "SCIM user provisioning": (
        "Leavers keep their accounts for weeks because nobody remembers to remove them.",
        "We need SCIM so Entra ID de-provisions users the day HR offboards them.",
        "Manual user management doesn't scale past 500 seats for us.",
    ),
    "Audit-log export to the customer's SIEM": (
        "Our SOC needs your audit events in Splunk within five minutes.",
        "Is there a syslog or webhook feed for admin actions? We'd pull it into Sentinel.",
        "The auditors asked how we monitor privileged actions in your product.",
    ),
    "Customer-managed encryption keys (BYOK)": (
        "Our regulator expects us to hold the keys. Can we bring our own from AWS KMS?",
        "We need to be able to revoke your access to our data by revoking a key.",
        "BYOK is in our standard contract template; legal won't drop it.",
    ),
    "Annual pen-test letter": (
        "Please send this year's penetration test summary, signed, for our vendor file.",
        "Our vendor-risk team needs an attestation letter dated within 12 months.",
        "Can we get the executive summary of the last pen test under NDA?",
    ),
    "IP allow-listing for the public API": (
        "We only allow egress to vendors that can restrict API access to our ranges.",
        "Can we lock API tokens to our office and VPN IPs?",
        "A leaked token shouldn't work from anywhere in the world.",
    ),
    "EU data residency for tenant data": (
        "All personal data has to stay in the EU, backups included. Non-negotiable.",
        "Where exactly are our backups stored? Frankfurt only, I hope.",
        "Our works council will block the roll-out without EU hosting.",
    ),
    "Configurable session timeout per tenant": (
        "Our policy says 15 minutes idle timeout for any admin tool.",
        "Sessions lasting a week fail our internal audit.",
    ),
    "Private connectivity (PrivateLink) for the API": (
        "Our traffic can't go over the public internet. Do you support PrivateLink?",
        "Network team wants private endpoints before we go to production.",
    ),
    "Field-level encryption for PII exports": (
        "CSV exports with plain-text emails and phone numbers are a problem for our DPO.",
        "Can exported PII columns be encrypted or masked by default?",
    ),
    "SOC 2 Type II report for the renewal": (
        "Procurement needs the current SOC 2 Type II before they sign the renewal.",
        "Is the bridge letter available? Our report on file expired in March.",
        "Send the SOC 2 report and the CUEC list, please.",
    ),
    "Custom DPA with 24-hour breach notice": (
        "Our DPA template requires notice within 24 hours of any suspected breach.",
        "Legal insists on 24h breach notification, your standard 72h won't fly.",
    ),
    "300-question security questionnaire": (
        "Attached is our vendor security questionnaire, due back by the end of the month.",
        "Can you fill in the SIG Lite? Sorry, it's long.",
        "Our new CISO wants everyone re-assessed with the updated questionnaire.",
    ),
    "FedRAMP Moderate roadmap letter for the bid": (
        "The RFP scores a FedRAMP roadmap letter. Without it we lose 20 points.",
        "Can you commit to a date for FedRAMP Moderate in writing?",
    ),
    "ISO 27001 certificate for the tender": (
        "The tender requires a valid ISO 27001 certificate with the scope statement.",
        "Please share the certificate and the Statement of Applicability.",
    ),
    "HIPAA BAA and PHI handling review": (
        "We can't put patient data in until the BAA is signed.",
        "Our privacy office wants a walkthrough of how PHI is handled and logged.",
    ),
    "Right-to-audit clause in the MSA": (
        "Our regulator requires a right to audit our critical vendors on site.",
        "We need the right-to-audit clause back in, it's standard for us.",
    ),
    "Quarterly access reviews as SOC 2 evidence": (
        "The auditor sampled three quarters and found no access review for Q2.",
        "We need evidence that someone reviews production access every quarter.",
    ),
    "Account management automation": (
        "AC-2 needs automated account disabling after 90 days of inactivity.",
        "Dormant accounts are the first finding in every readiness assessment.",
    ),
    "Cryptography policy update": (
        "The crypto policy still mentions TLS 1.0 and SHA-1. Update before fieldwork.",
        "Policy needs key rotation periods that match what we actually do.",
    ),
    "Payment-page script inventory": (
        "PCI 6.4.3 needs an inventory and justification of every script on the payment page.",
        "The QSA will ask for the script inventory in the next assessment.",
    ),
    "DPIA for the new product analytics": (
        "New analytics tracks individual usage; we need a DPIA before launch.",
        "The DPO asked for the DPIA before any data is collected.",
    ),
    "Vendor risk assessment backlog": (
        "Forty vendors have no assessment on file; the auditor will sample them.",
        "We onboarded six new sub-processors without a review.",
    ),
    "One-year log retention for auditors": (
        "Auditors need one year of logs; we keep 30 days.",
        "AU-11 asks for retention we can't show today.",
    ),
    "In-house replacement for Snyk": (
        "Snyk costs too much; we could build a dependency scanner in a quarter.",
        "Why pay per developer when we have a platform team?",
    ),
    "Build our own secrets scanner": (
        "Existing tools are too noisy. Ours would know our token formats.",
        "A weekend hackathon project could cover most of it.",
    ),
    "Self-service security review for launches": (
        "Launches wait two weeks for a security review slot.",
        "Give us a checklist and office hours instead of a ticket queue.",
    ),
    "Threat model for the payments service": (
        "The payments rewrite goes live next quarter and nobody has threat-modelled it.",
        "We want a threat model before the design review.",
    ),
    "Replace the VPN with zero-trust access": (
        "The VPN is the single biggest source of helpdesk tickets.",
        "Contractors get the whole network when they only need two apps.",
    ),
    "Security champions programme": (
        "Each squad should have someone who knows who to call.",
        "We want a champion per team before the next planning cycle.",
    ),
    "Container image signing in CI": (
        "We can't prove the image in production is the one CI built.",
        "Sign images and verify at admission, like the SLSA guide says.",
    ),
    "Rotate leaked CI token and add secret scanning": (
        "The token was in a public gist for 6 hours. Rotate everything it touched.",
        "Add push protection so this can't happen again.",
    ),
    "Phishing-resistant MFA after credential stuffing": (
        "Three accounts were taken over with reused passwords. Push MFA isn't enough.",
        "Move admins to hardware keys this quarter.",
    ),
    "Harden bucket policies after public exposure": (
        "A bucket with support exports was public for two days.",
        "Block public access at the organisation level, not bucket by bucket.",
    ),
    "Rate limiting on login after brute-force attempts": (
        "We saw 200k login attempts in an hour from a botnet.",
        "Rate limit per IP and per account, and alert on spikes.",
    ),
    "EDR coverage gaps on engineering laptops": (
        "Twelve laptops had no EDR agent during the incident.",
        "Engineering disabled the agent for build performance; we need coverage back.",
    ),
    "Bug bounty programme": (
        "Researchers keep emailing support with findings. Give them a proper channel.",
        "A private bounty would find what the pen test misses.",
    ),
    "Customer-visible status page for security incidents": (
        "During the last outage we learned about it from Twitter. We want a status page.",
        "Our SOC wants to subscribe to your security advisories, not read a blog.",
    ),
    "Role-based access control for tenant users": (
        "Everyone who can see billing can also delete users. We need separate roles.",
        "Auditors flagged that our help desk has full admin rights in your product.",
    ),
    "Webhook signature verification": (
        "How do we know a webhook really came from you? Please sign the payloads.",
        "Our pen testers spoofed your webhook in five minutes.",
    ),
    "Data deletion certificate at contract end": (
        "When we leave, we need written confirmation that every copy is deleted.",
        "Procurement wants a certificate of destruction in the exit clause.",
    ),
    "Tenant-level MFA enforcement": (
        "We want to force MFA for all our users, not hope they turn it on.",
        "Half our users skipped the MFA prompt. Make it mandatory for our tenant.",
    ),
    "Sub-processor change notifications": (
        "Tell us 30 days before you add a sub-processor, as the DPA says.",
        "We found out about your new analytics vendor from the privacy page.",
    ),
    "Read-only support access with customer approval": (
        "Your support staff should only see our data after we approve a ticket.",
        "Can access by your engineers be time-boxed and logged for us?",
    ),
    "Vulnerability disclosure SLAs in the contract": (
        "We need critical vulnerabilities fixed within 15 days, in writing.",
        "Legal wants patch timelines per CVSS band in the MSA.",
    ),
    "CAIQ self-assessment for the procurement portal": (
        "Please upload the CAIQ v4 to our procurement portal before the committee meets.",
        "Our portal only accepts the CSA questionnaire, sorry.",
    ),
    "Proof of cyber insurance for the RFP": (
        "The RFP asks for proof of cyber insurance of at least 10 million.",
        "Can you send the certificate of insurance with the breach coverage amount?",
    ),
    "On-site security assessment by the bank": (
        "Our third-party risk team wants two days on site with your security team.",
        "The regulator expects us to assess critical vendors in person every two years.",
    ),
    "Dedicated single-tenant deployment": (
        "We can't share infrastructure with other customers. Single tenant or nothing.",
        "Could we get our own isolated instance for the regulated business unit?",
    ),
    "Business continuity test before the audit window": (
        "The BCP hasn't been tested since last year; the auditor will ask for evidence.",
        "We need a restore test with timings before fieldwork starts.",
    ),
    "Asset inventory for the ISO scope": (
        "We can't define the ISO scope without a list of what we run.",
        "The certification body wants the asset register before stage 1.",
    ),
    "Change management evidence from CI": (
        "Show that every production change had a review; screenshots won't do this year.",
        "Export merge approvals from CI as audit evidence.",
    ),
    "Security awareness training records": (
        "Auditors sampled new hires and found no training record for three of them.",
        "We need completion reports per employee, not a slide deck.",
    ),
    "Move secrets from environment files to a vault": (
        "Database passwords live in .env files on every laptop.",
        "Rotating a key today means editing twelve repositories by hand.",
    ),
    "SBOM for every release": (
        "Customers are starting to ask for an SBOM; let's generate one per release.",
        "We couldn't tell which services used the vulnerable library last month.",
    ),
    "Browser isolation for finance staff": (
        "Finance keeps clicking invoice attachments. Can we isolate their browsing?",
        "The CFO's team is the top phishing target; remote browsing might help.",
    ),
    "Dependency update bot for every repository": (
        "Half our repositories are years behind on dependencies.",
        "Turn on automatic update pull requests everywhere, with auto-merge for patches.",
    ),
    "Revoke stale OAuth grants after a token theft": (
        "A stolen token came from an OAuth app nobody had used in a year.",
        "List and revoke every third-party grant older than 90 days.",
    ),
    "DNS takeover check for forgotten subdomains": (
        "An old marketing subdomain pointed at a deleted bucket; someone claimed it.",
        "Scan our DNS for dangling records every night.",
    ),
}
# fmt: on

DUPLICATES: tuple[tuple[str, str], ...] = (
    ("SSO/SAML for the admin console", "SAML SSO for admin console logins"),
    ("SCIM user provisioning", "User provisioning via SCIM"),
    ("Audit-log export to the customer's SIEM", "Export the audit log to the customer SIEM"),
)
"""Requests captured twice under other words, left unmerged: (the kind's title, the
duplicate's title). Both stay open, so capture's similar-title check finds them."""

SCOPES = (
    "for the mobile app",
    "for the data platform",
    "in the EU region",
    "for the partner portal",
    "for the reporting API",
    "for the acquired product",
    "for the US public sector",
    "for the support tooling",
)
"""What tells apart two requests of the same kind: the part of the product they are for."""

CHANNELS: dict[Source, tuple[tuple[Channel, int], ...]] = {
    Source.CUSTOMER: (
        (Channel.EMAIL, 4), (Channel.CALL, 3), (Channel.MEETING, 2), (Channel.TICKET, 3),
        (Channel.CHAT, 1),
    ),
    Source.SALES: (
        (Channel.CALL, 3), (Channel.MEETING, 3), (Channel.EMAIL, 3),
        (Channel.QUESTIONNAIRE, 4),
    ),
    Source.COMPLIANCE: ((Channel.MEETING, 3), (Channel.EMAIL, 3), (Channel.TICKET, 2)),
    Source.INTERNAL: (
        (Channel.CHAT, 4), (Channel.MEETING, 3), (Channel.EMAIL, 1), (Channel.OTHER, 1),
    ),
    Source.INCIDENT: ((Channel.TICKET, 4), (Channel.CHAT, 3), (Channel.CALL, 1)),
}  # fmt: skip
"""How asks of each source usually arrive, with weights."""

IMPORTANCES: dict[Source, tuple[int, int, int, int]] = {
    Source.CUSTOMER: (2, 5, 3, 1),
    Source.SALES: (1, 3, 4, 3),
    Source.COMPLIANCE: (0, 4, 4, 1),
    Source.INTERNAL: (4, 4, 1, 0),
    Source.INCIDENT: (0, 2, 5, 2),
}
"""Weights of nice, important, critical and blocker for asks of each source."""

ASKS_PER_REQUEST: dict[bool, tuple[int, ...]] = {
    True: (10, 15, 20, 22, 18, 15),
    False: (25, 30, 25, 12, 5, 3),
}
"""Weights of 1 to 6 asks on a request of revenue (True) or not: about three on average."""
