"""Community and compound online votes under a configurable rule (quorum, threshold and its base)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.explain import Condition, Explained, Quantity, assumption, ratio
from yishi.decisions.domain.numbers import Threshold, smallest_qualifying_count
from yishi.decisions.domain.validation import validate_count, validate_part


class VoteBase(StrEnum):
    """What the passing threshold is measured against."""

    VOTES_CAST = "votes_cast"
    ELIGIBLE = "eligible"


@dataclass(frozen=True)
class OnlineVoteRule:
    """A community-defined rule; Threshold itself rejects fractions outside 0..1 and impossible ones."""

    threshold: Threshold
    threshold_base: VoteBase = VoteBase.VOTES_CAST
    quorum: Threshold | None = None


@dataclass(frozen=True, kw_only=True)
class OnlineVoteOutcome(Explained):
    """Result of an online vote under its configured rule."""

    quorate: bool
    threshold_met: bool
    passed: bool
    min_votes_cast: int
    min_yes: int


def evaluate_online_vote(*, rule: OnlineVoteRule, eligible: int, votes_cast: int, yes: int) -> OnlineVoteOutcome:
    """Whether an online vote passes its configured quorum and threshold."""
    validate_count(eligible, field="eligible", positive=True)
    validate_count(votes_cast, field="votes_cast")
    validate_count(yes, field="yes")
    validate_part(votes_cast, eligible, field="votes_cast", whole_field="eligible")
    validate_part(yes, votes_cast, field="yes", whole_field="votes_cast")
    conditions: list[Condition] = []
    quorate = True
    if rule.quorum is not None:
        quorum = ratio(
            code="vote.online.quorum",
            numerator=votes_cast,
            denominator=eligible,
            threshold=rule.quorum,
            citation=citations.ONLINE_RULE,
            quantity=Quantity.PERSONS,
        )
        conditions.append(quorum)
        quorate = quorum.passed
    base = votes_cast if rule.threshold_base is VoteBase.VOTES_CAST else eligible
    decision = ratio(
        code=f"vote.online.threshold.{rule.threshold_base.value}",
        numerator=yes,
        denominator=base,
        threshold=rule.threshold,
        citation=citations.ONLINE_RULE,
        quantity=Quantity.VOTES,
        denominator_quantity=Quantity.PERSONS,
    )
    conditions.append(decision)
    return OnlineVoteOutcome(
        quorate=quorate,
        threshold_met=decision.passed,
        passed=quorate and decision.passed,
        min_votes_cast=0 if rule.quorum is None else smallest_qualifying_count(total=eligible, threshold=rule.quorum),
        min_yes=smallest_qualifying_count(total=base, threshold=rule.threshold),
        conditions=tuple(conditions),
        assumptions=(
            assumption(code="vote.online.rule", value=describe_rule(rule=rule), citation=citations.ONLINE_RULE),
        ),
    )


def describe_rule(*, rule: OnlineVoteRule) -> texts.Text:
    """The rule in words, for the explanation."""
    quorum = (
        texts.NOT_SET
        if rule.quorum is None
        else texts.threshold_phrase(rule.quorum.fraction, inclusive=rule.quorum.inclusive, passed=True)
    )
    threshold = texts.threshold_phrase(rule.threshold.fraction, inclusive=rule.threshold.inclusive, passed=True)
    return texts.rule_value(quorum=quorum, threshold=threshold, base=rule.threshold_base.value)
