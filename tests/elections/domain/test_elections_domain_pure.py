"""The pure election helpers: receipts, mixing the box, teller batch arithmetic, re-votes, review tallies, rates."""

import uuid
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.elections.domain import batches, figures, mixing, receipts, reviews, revote


def test_receipts_are_random_grouped_and_forgiving() -> None:
    codes = {receipts.new_receipt() for _ in range(500)}
    assert len(codes) == 500
    code = next(iter(codes))
    assert len(code) == 14 and code.count("-") == 2
    assert receipts.normalize_receipt(code.lower().replace("-", " ")) == code
    assert receipts.normalize_receipt("O1IL-0000-0000") == "0111-0000-0000"
    assert receipts.normalize_receipt("too short") is None


# A loaded CI machine must not fail these on timing alone.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)


@RELAXED
@given(st.lists(st.lists(st.integers(min_value=1, max_value=30), max_size=3, unique=True), max_size=15))
def test_mixing_keeps_every_ballot_and_changes_every_key(options: list[list[int]]) -> None:
    stored = [mixing.StoredBallot(receipt=f"R{index:04d}", options=tuple(item)) for index, item in enumerate(options)]
    box = mixing.mix(stored)
    assert mixing.same_contents(stored, box.ballots)
    assert len(box.marks) == sum(len(item) for item in options)
    assert all(ballot.key.version == 4 for ballot in box.ballots)
    assert len({ballot.key for ballot in box.ballots}) == len(stored)
    keys = {ballot.key for ballot in box.ballots}
    assert all(mark.ballot_key in keys for mark in box.marks)


def test_mixing_does_not_keep_the_casting_order() -> None:
    stored = [mixing.StoredBallot(receipt=f"R{index:04d}", options=(index,)) for index in range(30)]
    orders = {tuple(ballot.receipt for ballot in mixing.mix(stored).ballots) for _ in range(5)}
    # 30! orders: the chance that any of five mixes keeps the casting order is about 5 / 2.65e32.
    assert tuple(item.receipt for item in stored) not in orders
    assert len(orders) == 5


def test_a_batch_that_adds_up_is_accepted() -> None:
    check = batches.check_batch(
        batches.BatchFigures(
            ballots_in_box=10,
            blank=1,
            spoiled=1,
            posts={
                "chair": batches.PostCounts(seats=1, counts={"A": 5, "B": 3}),
                "member": batches.PostCounts(seats=2, counts={"C": 8, "D": 7, "E": 1}),
            },
        )
    )
    assert check.adds_up and check.marked_ballots == 8


@pytest.mark.parametrize(
    ("box", "blank", "spoiled", "counts", "seats", "problem"),
    [
        (5, 3, 3, {"A": 0}, 1, batches.BatchProblem.PARTS_EXCEED_BOX),
        (10, 0, 0, {"A": 11}, 1, batches.BatchProblem.OPTION_EXCEEDS_BALLOTS),
        (10, 0, 0, {"A": 6, "B": 5}, 1, batches.BatchProblem.POST_EXCEEDS_SEATS),
        (10, -1, 0, {"A": 1}, 1, batches.BatchProblem.NEGATIVE),
    ],
)
def test_a_batch_that_does_not_add_up_is_refused(
    box: int, blank: int, spoiled: int, counts: dict[str, int], seats: int, problem: batches.BatchProblem
) -> None:
    check = batches.check_batch(
        batches.BatchFigures(
            ballots_in_box=box, blank=blank, spoiled=spoiled, posts={"p": batches.PostCounts(seats, counts)}
        )
    )
    assert not check.adds_up
    assert check.findings[0].problem is problem


@RELAXED
@given(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=50),
    st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=5),
    st.integers(min_value=1, max_value=3),
)
def test_batch_acceptance_matches_the_arithmetic(
    box: int, blank: int, spoiled: int, counts: list[int], seats: int
) -> None:
    named = {f"c{index}": value for index, value in enumerate(counts)}
    check = batches.check_batch(batches.BatchFigures(box, blank, spoiled, {"p": batches.PostCounts(seats, named)}))
    marked = box - blank - spoiled
    expected = marked >= 0 and all(value <= marked for value in counts) and sum(counts) <= marked * seats
    assert check.adds_up == expected


def test_revote_ranks_the_tied_and_may_tie_again() -> None:
    assert revote.rank_revote(tallies={"A": 5, "B": 3}, seats=1) == revote.RevoteResult(("A",), (), 0)
    again = revote.rank_revote(tallies={"A": 4, "B": 4, "C": 1}, seats=1)
    assert again.elected == () and again.still_tied == ("A", "B") and again.tied_seats == 1
    with pytest.raises(ValueError):
        revote.rank_revote(tallies={"A": 1}, seats=0)


@pytest.mark.parametrize(
    ("ratings", "result"),
    [
        (["incompetent"] * 3 + ["competent"] * 2, reviews.RatingValue.INCOMPETENT),
        (["incompetent"] * 2 + ["competent"] * 2, reviews.RatingValue.BASICALLY_COMPETENT),
        (["competent"] * 3 + ["basically_competent"], reviews.RatingValue.COMPETENT),
        ([], None),
    ],
)
def test_review_tally(ratings: list[str], result: reviews.RatingValue | None) -> None:
    assert reviews.tally_ratings(ratings).result is result


def test_rates_against_the_seed_bar() -> None:
    rate = figures.registration_rate(registered=983, eligible=1000)
    assert rate.percent == Decimal("98.3") and rate.reaches_bar
    below = figures.turnout_rate(voters=960, registered=1000)
    assert below.percent == Decimal("96.0") and not below.reaches_bar
    # 96.05 % shows as 96.1 but does not reach 96.1 %: the comparison is exact, not on the rounded figure.
    close = figures.turnout_rate(voters=1921, registered=2000)
    assert close.percent == Decimal("96.1") and not close.reaches_bar
    assert figures.turnout_rate(voters=0, registered=0).percent is None
    assert Fraction(961, 1000) == figures.TURNOUT_BAR
    assert uuid.uuid4().version == 4
