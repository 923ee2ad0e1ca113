"""The matter status machine: paths through the five steps, class-dependent branches, refusals."""

from collections import deque
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.lifecycle import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    MatterStatus,
    allowed_transitions,
    check_transition,
)
from yishi.matters.domain.triage import TriageClass

M = MatterStatus
C = TriageClass


def walk(path: list[MatterStatus], triage_class: TriageClass | None) -> None:
    for from_status, to_status in pairwise(path):
        check_transition(from_status=from_status, to_status=to_status, triage_class=triage_class)


@pytest.mark.parametrize(
    ("triage_class", "path"),
    [
        (
            C.SMALL,
            [
                M.TRIAGED,
                M.DELIBERATING,
                M.OUTCOME_REVIEWED,
                M.DECIDING,
                M.IMPLEMENTING,
                M.EVALUATING,
                M.CLOSED,
            ],
        ),
        (C.MICRO, [M.TRIAGED, M.DELIBERATING, M.OUTCOME_REVIEWED, M.IMPLEMENTING, M.EVALUATING, M.CLOSED]),
        (C.URGENT, [M.TRIAGED, M.IMPLEMENTING, M.EVALUATING, M.CLOSED]),
        (C.BIG, [M.TRIAGED, M.REFERRED, M.REPLIED, M.EVALUATING, M.CLOSED]),
        (C.DIRECT_ANSWER, [M.TRIAGED, M.ANSWERED_DIRECTLY]),
        (C.DECLINED, [M.TRIAGED, M.DECLINED, M.REOPENED, M.TRIAGED]),
        (
            C.SMALL,
            [
                M.TRIAGED,
                M.DELIBERATING,
                M.OUTCOME_REVIEWED,
                M.DECIDING,
                M.DELIBERATING,
                M.OUTCOME_REVIEWED,
                M.DECIDING,
                M.IMPLEMENTING,
                M.EVALUATING,
                M.REOPENED,
                M.IMPLEMENTING,
                M.EVALUATING,
                M.CLOSED,
            ],
        ),
        (C.SMALL, [M.OUTCOME_REVIEWED, M.CLOSED]),
        (C.SMALL, [M.DECIDING, M.CLOSED]),
        (C.BIG, [M.CLOSED, M.REOPENED, M.REFERRED]),
    ],
)
def test_allowed_paths(triage_class: TriageClass, path: list[MatterStatus]) -> None:
    check_transition(from_status=M.PROPOSED, to_status=M.TRIAGED)
    walk(path, triage_class)


@pytest.mark.parametrize(
    ("triage_class", "expected"),
    [
        (C.BIG, {M.REFERRED}),
        (C.SMALL, {M.DELIBERATING}),
        (C.MICRO, {M.DELIBERATING}),
        (C.URGENT, {M.DELIBERATING, M.IMPLEMENTING}),
        (C.DIRECT_ANSWER, {M.ANSWERED_DIRECTLY}),
        (C.DECLINED, {M.DECLINED}),
    ],
)
def test_a_triaged_matter_follows_its_class(triage_class: TriageClass, expected: set[MatterStatus]) -> None:
    assert allowed_transitions(status=M.TRIAGED, triage_class=triage_class) == expected


@pytest.mark.parametrize(
    ("triage_class", "expected"),
    [
        (C.BIG, {M.TRIAGED, M.REFERRED}),
        (C.SMALL, {M.TRIAGED, M.DELIBERATING, M.IMPLEMENTING}),
        (C.MICRO, {M.TRIAGED, M.DELIBERATING, M.IMPLEMENTING}),
        (C.URGENT, {M.TRIAGED, M.DELIBERATING, M.IMPLEMENTING}),
        (C.DIRECT_ANSWER, {M.TRIAGED}),
        (C.DECLINED, {M.TRIAGED}),
    ],
)
def test_a_reopened_matter_is_triaged_again_or_resumes(triage_class: TriageClass, expected: set[MatterStatus]) -> None:
    assert allowed_transitions(status=M.REOPENED, triage_class=triage_class) == expected


@pytest.mark.parametrize("status", [M.TRIAGED, M.REOPENED])
def test_a_status_that_branches_by_class_needs_the_class(status: MatterStatus) -> None:
    with pytest.raises(MatterDomainError) as raised:
        allowed_transitions(status=status, triage_class=None)
    assert raised.value.code is ErrorCode.LIFECYCLE_TRIAGE_CLASS_REQUIRED


@pytest.mark.parametrize(
    ("from_status", "to_status", "triage_class"),
    [
        (M.PROPOSED, M.CLOSED, None),
        (M.PROPOSED, M.DELIBERATING, None),
        (M.TRIAGED, M.DELIBERATING, C.BIG),
        (M.TRIAGED, M.REFERRED, C.SMALL),
        (M.TRIAGED, M.IMPLEMENTING, C.MICRO),
        (M.DELIBERATING, M.IMPLEMENTING, C.SMALL),
        (M.IMPLEMENTING, M.CLOSED, C.SMALL),
        (M.REFERRED, M.CLOSED, C.BIG),
        (M.MERGED, M.REOPENED, C.SMALL),
        (M.CLOSED, M.CLOSED, C.SMALL),
        (M.REOPENED, M.ANSWERED_DIRECTLY, C.DIRECT_ANSWER),
    ],
)
def test_forbidden_transitions(
    from_status: MatterStatus, to_status: MatterStatus, triage_class: TriageClass | None
) -> None:
    with pytest.raises(MatterDomainError) as raised:
        check_transition(from_status=from_status, to_status=to_status, triage_class=triage_class)
    assert raised.value.code is ErrorCode.LIFECYCLE_TRANSITION_NOT_ALLOWED
    assert from_status.label.zh_hans in raised.value.message.zh_hans
    assert to_status.label.en in raised.value.message.en


def test_the_refusal_reads_well_in_both_languages() -> None:
    with pytest.raises(MatterDomainError) as raised:
        check_transition(from_status=M.PROPOSED, to_status=M.CLOSED)
    assert raised.value.message.zh_hans == "议题不能从“已提出”转为“已办结”。"
    assert raised.value.message.en == "A matter cannot go from proposed to closed."
    assert raised.value.message.in_language("zh-hans") == raised.value.message.zh_hans
    assert raised.value.message.in_language("en-gb") == raised.value.message.en


def test_open_and_finished_statuses_partition_all_statuses() -> None:
    assert frozenset({M.CLOSED, M.DECLINED, M.ANSWERED_DIRECTLY, M.MERGED}) == FINISHED_STATUSES
    assert not OPEN_STATUSES & FINISHED_STATUSES
    assert frozenset(MatterStatus) == OPEN_STATUSES | FINISHED_STATUSES
    assert len({status.label.zh_hans for status in MatterStatus}) == len(MatterStatus)


def _reachable(triage_class: TriageClass) -> set[MatterStatus]:
    seen = {M.PROPOSED}
    queue = deque([M.PROPOSED])
    while queue:
        status = queue.popleft()
        for following in allowed_transitions(status=status, triage_class=triage_class):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


def test_every_status_is_reachable_and_every_class_can_finish() -> None:
    reachable = set().union(*(_reachable(triage_class) for triage_class in TriageClass))
    assert reachable == set(MatterStatus)
    for triage_class in TriageClass:
        assert _reachable(triage_class) & FINISHED_STATUSES - {M.MERGED}


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    status=st.sampled_from(MatterStatus),
    triage_class=st.sampled_from(TriageClass),
)
def test_only_merged_is_a_dead_end(status: MatterStatus, triage_class: TriageClass) -> None:
    following = allowed_transitions(status=status, triage_class=triage_class)
    assert status not in following
    assert bool(following) is (status is not M.MERGED)
