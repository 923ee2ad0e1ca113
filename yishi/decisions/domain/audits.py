"""Economic-responsibility audits of the villagers' committee (CW-29, 村组法第三十五条): an audit a fifth of the
villagers require, and the leaving-office audit published before the next election. (The handover within ten days
of CW-29 is `deadlines.PeriodKind.HANDOVER`.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yishi.decisions.domain import citations
from yishi.decisions.domain.explain import Explained, Quantity, fact, ratio
from yishi.decisions.domain.numbers import ONE_FIFTH_OR_MORE, smallest_qualifying_count
from yishi.decisions.domain.validation import validate_count, validate_part


@dataclass(frozen=True, kw_only=True)
class AuditRequestOutcome(Explained):
    """Whether the villagers' request makes an item part of the economic-responsibility audit."""

    must_audit: bool
    min_requesters: int


@dataclass(frozen=True, kw_only=True)
class LeavingAuditOutcome(Explained):
    """Whether the leaving-office audit result was published before the next committee election."""

    published_in_time: bool
    days_before_election: int | None


def evaluate_audit_request(*, requesters: int, villagers: int) -> AuditRequestOutcome:
    """CW-29: "本村五分之一以上的村民要求审计的其他事项" are audited: requesters × 5 ≥ villagers (以上, NUM-1)."""
    validate_count(villagers, field="villagers", positive=True)
    validate_count(requesters, field="requesters")
    validate_part(requesters, villagers, field="requesters", whole_field="villagers")
    condition = ratio(
        code="village.audit_request",
        numerator=requesters,
        denominator=villagers,
        threshold=ONE_FIFTH_OR_MORE,
        citation=citations.CW_29_AUDIT_REQUEST,
        quantity=Quantity.PERSONS,
    )
    return AuditRequestOutcome(
        must_audit=condition.passed,
        min_requesters=smallest_qualifying_count(total=villagers, threshold=ONE_FIFTH_OR_MORE),
        conditions=(condition,),
    )


def evaluate_leaving_audit(*, election_day: date, published_on: date | None) -> LeavingAuditOutcome:
    """CW-29: "离任经济责任审计结果应当在下一届村民委员会选举之前公布": published, and strictly before election day
    (a publication on the day itself is not "之前")."""
    published = published_on is not None
    before = published_on is not None and published_on < election_day
    conditions = (
        fact(code="village.leaving_audit.published", passed=published, citation=citations.CW_29_LEAVING_AUDIT),
        fact(code="village.leaving_audit.before_election", passed=before, citation=citations.CW_29_LEAVING_AUDIT),
    )
    return LeavingAuditOutcome(
        published_in_time=before,
        days_before_election=(election_day - published_on).days if published_on is not None else None,
        conditions=conditions,
    )
