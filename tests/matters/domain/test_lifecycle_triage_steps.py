"""Which statuses may be triaged or re-classified, and where the triage itself leaves a matter."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.lifecycle import (
    AWAITING_RESPONSE_STATUSES,
    OPEN_STATUSES,
    RECLASSIFIABLE_STATUSES,
    TRIAGEABLE_STATUSES,
    MatterStatus,
    allowed_transitions,
    check_reclassification,
    check_transition,
    check_triage,
    status_after_triage,
)
from yishi.matters.domain.triage import TriageClass

M = MatterStatus
C = TriageClass


@pytest.mark.parametrize("status", [M.PROPOSED, M.REOPENED])
def test_new_and_reopened_matters_may_be_triaged(status: MatterStatus) -> None:
    check_triage(status=status)


@pytest.mark.parametrize("status", sorted(set(MatterStatus) - {M.PROPOSED, M.REOPENED}))
def test_a_second_triage_is_refused(status: MatterStatus) -> None:
    with pytest.raises(MatterDomainError) as raised:
        check_triage(status=status)
    assert raised.value.code is ErrorCode.LIFECYCLE_ALREADY_TRIAGED
    assert status.label.zh_hans in raised.value.message.zh_hans
    assert "re-classify" in raised.value.message.en


@pytest.mark.parametrize("status", [M.TRIAGED, M.REFERRED, M.DECLINED, M.ANSWERED_DIRECTLY])
def test_reclassification_before_any_result(status: MatterStatus) -> None:
    check_reclassification(status=status)


@pytest.mark.parametrize("status", sorted(set(MatterStatus) - RECLASSIFIABLE_STATUSES))
def test_reclassification_refused_once_handled_or_untriaged(status: MatterStatus) -> None:
    with pytest.raises(MatterDomainError) as raised:
        check_reclassification(status=status)
    assert raised.value.code is ErrorCode.LIFECYCLE_RECLASSIFICATION_NOT_ALLOWED
    assert raised.value.message.en == f"A matter that is {status.label.en} cannot be re-classified."


@pytest.mark.parametrize(
    ("triage_class", "expected"),
    [
        (C.BIG, M.REFERRED),
        (C.SMALL, M.TRIAGED),
        (C.MICRO, M.TRIAGED),
        (C.URGENT, M.TRIAGED),
        (C.DIRECT_ANSWER, M.ANSWERED_DIRECTLY),
        (C.DECLINED, M.DECLINED),
    ],
)
def test_status_after_triage(triage_class: TriageClass, expected: MatterStatus) -> None:
    assert status_after_triage(triage_class=triage_class) is expected


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(triage_class=st.sampled_from(TriageClass))
def test_the_status_after_triage_is_a_legal_step(triage_class: TriageClass) -> None:
    following = status_after_triage(triage_class=triage_class)
    check_transition(from_status=M.PROPOSED, to_status=M.TRIAGED)
    if following is not M.TRIAGED:
        check_transition(from_status=M.TRIAGED, to_status=following, triage_class=triage_class)


def test_sets_are_consistent_with_the_machine() -> None:
    assert AWAITING_RESPONSE_STATUSES <= OPEN_STATUSES
    assert not TRIAGEABLE_STATUSES & AWAITING_RESPONSE_STATUSES
    for status in TRIAGEABLE_STATUSES:
        assert status is M.PROPOSED or M.TRIAGED in allowed_transitions(status=status, triage_class=C.SMALL)
