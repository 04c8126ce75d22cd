"""Similar requests: the open requests whose title is close to a new one.

Asked at capture, so a duplicate is caught at the door ("Looks like #12 SSO/SAML for
the admin console — add as an ask there?"). The matching is rapidfuzz's token-set ratio
over the processed titles (case, punctuation and word order ignored; one title's words
found among the other's count fully). Measured on the demo's titles, unrelated pairs
score at most 62 and reworded duplicates ("SAML SSO for admins" against "SSO/SAML for the
admin console", "Export audit logs to Splunk" against "Audit-log export to the
customer's SIEM") 71 and more; the weighted ratio scored some unrelated pairs 86.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

SIMILAR_CUTOFF = 70.0
"""The lowest score (0-100) a title counts as similar at."""


class Similar(NamedTuple):
    """An open request whose title is close to another, with how close (0-100)."""

    id: int
    title: str
    score: float


def similar_titles(
    title: str,
    candidates: Sequence[tuple[int, str]],
    *,
    limit: int = 3,
    cutoff: float = SIMILAR_CUTOFF,
) -> list[Similar]:
    """The ``candidates`` (id, title) closest to ``title``, closest first, at most ``limit``."""
    query = utils.default_process(title)
    if not query:
        return []
    titles = [candidate for _id, candidate in candidates]
    found = process.extract(
        query,
        titles,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [
        Similar(candidates[index][0], candidates[index][1], score) for _match, score, index in found
    ]
