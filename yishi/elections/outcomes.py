"""What a counted round means, and what the election needs next (re-vote, run-off, announcement).

Nothing here writes. Outcomes are recomputed from the stored figures with the rules core every time they
are shown, so each page explains them in its own language with the figures, thresholds and articles.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from yishi.decisions.domain.elections import (
    ElectionRound,
    RecallVoteOutcome,
    RunoffOutcome,
    VacancyOutcome,
    ValidityOutcome,
    WinnersOutcome,
    determine_winners,
    evaluate_recall_vote,
    evaluate_runoff,
    evaluate_vacancies,
    evaluate_validity,
)
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.explain import Explained
from yishi.decisions.domain.profiles import ElectionProfile
from yishi.elections import rules
from yishi.elections.domain.revote import RevoteResult, rank_revote
from yishi.elections.models import Election, OptionKind, Post, Round, RoundKind, RoundOption, RoundStatus


def option_labels(options: Sequence[RoundOption]) -> dict[int, str]:
    """A name for each option as the rules core sees it; people with the same name are told apart."""
    names = {
        option.pk: option.candidate.person.name if option.candidate is not None else option.kind for option in options
    }
    repeated = {name for name, count in Counter(names.values()).items() if count > 1}
    return {
        key: f"{name}（{index}）" if name in repeated else name for index, (key, name) in enumerate(names.items(), 1)
    }


@dataclass
class PostResult:
    """One post of a counted round."""

    post: str
    seats: int
    options: list[RoundOption]
    labels: dict[int, str]
    outcome: WinnersOutcome | RunoffOutcome | None = None
    revote: RevoteResult | None = None
    elected: list[int] = field(default_factory=list)
    revote_options: list[int] = field(default_factory=list)
    revote_seats: int = 0
    runoff_options: list[int] = field(default_factory=list)
    unfilled: int = 0
    error: str = ""

    @property
    def label(self) -> str:
        return rules.post_label(self.post)

    @property
    def lines(self) -> list[rules.Line]:
        result = rules.lines(self.outcome) if self.outcome is not None else []
        if self.revote is not None:
            elected = "、".join(self.labels[key] for key in self.elected) or "—"
            result.append(
                rules.Line(
                    text=gettext("Re-vote among the tied (CW-9): the most votes win — elected: %(names)s")
                    % {"names": elected},
                    passed=not self.revote.still_tied,
                    unconfirmed=False,
                )
            )
        return result


@dataclass
class RoundResult:
    """A counted round: validity, each post's winners, or the recall's verdict."""

    round: Round
    validity: ValidityOutcome | None = None
    recall: RecallVoteOutcome | None = None
    posts: list[PostResult] = field(default_factory=list)
    error: str = ""

    @property
    def is_valid(self) -> bool:
        return self.validity is not None and self.validity.valid and not self.error

    @property
    def validity_lines(self) -> list[rules.Line]:
        return rules.lines(self.validity) if self.validity is not None else []

    @property
    def recall_lines(self) -> list[rules.Line]:
        return rules.lines(self.recall) if self.recall is not None else []


def _tallies(options: Sequence[RoundOption], labels: dict[int, str]) -> dict[str, int]:
    return {labels[option.pk]: option.votes or 0 for option in options}


def _keys(labels: dict[int, str], names: Sequence[str]) -> list[int]:
    back = {name: key for key, name in labels.items()}
    return [back[name] for name in names]


def compute_round(round_: Round, *, profile: ElectionProfile | None = None) -> RoundResult | None:
    """The outcome of a counted round from its stored figures; None while it is not counted."""
    if round_.status != RoundStatus.COUNTED or round_.voters is None or round_.ballots_in_box is None:
        return None
    profile = profile or rules.profile_for(round_.election)
    result = RoundResult(round=round_)
    stage = ElectionRound.FIRST if round_.kind == RoundKind.FIRST else ElectionRound.RUNOFF
    options = list(round_.options.all())
    if round_.registered == 0:
        result.error = gettext("Nobody was registered to vote.")
        return result
    try:
        result.validity = evaluate_validity(
            registered=round_.registered,
            voters=round_.voters,
            ballots_in_box=round_.ballots_in_box,
            profile=profile,
            round_=stage,
        )
        if round_.kind == RoundKind.RECALL:
            approve = sum(option.votes or 0 for option in options if option.kind == OptionKind.APPROVE)
            result.recall = evaluate_recall_vote(
                registered=round_.registered, voted=round_.voters, approve=min(approve, round_.voters), profile=profile
            )
            return result
        for seat in round_.seats.all():
            post_options = [option for option in options if option.post == seat.post]
            labels = option_labels(post_options)
            post_result = PostResult(post=seat.post, seats=seat.seats, options=post_options, labels=labels)
            result.posts.append(post_result)
            if result.validity.valid:
                _decide_post(post_result, round_=round_, profile=profile)
    except DomainError as error:
        result.error = str(rules.domain_error(error).message)
    return result


def _decide_post(post_result: PostResult, *, round_: Round, profile: ElectionProfile) -> None:
    tallies = _tallies(post_result.options, post_result.labels)
    labels = post_result.labels
    assert round_.voters is not None and round_.ballots_in_box is not None
    if round_.kind == RoundKind.FIRST:
        winners = determine_winners(
            voters=round_.voters,
            seats=post_result.seats,
            tallies=tallies,
            profile=profile,
            post=rules.DOMAIN_POSTS[post_result.post],
        )
        post_result.outcome = winners
        post_result.elected = _keys(labels, winners.elected)
        post_result.revote_options = _keys(labels, winners.revote_candidates)
        post_result.revote_seats = winners.revote_seats
        post_result.runoff_options = _keys(labels, winners.runoff_candidates)
        post_result.unfilled = winners.unfilled_seats
    elif round_.kind == RoundKind.RUNOFF:
        runoff = evaluate_runoff(
            registered=round_.registered,
            voters=round_.voters,
            ballots_cast=round_.ballots_in_box,
            seats=post_result.seats,
            candidates=list(tallies),
            tallies=tallies,
            profile=profile,
        )
        post_result.outcome = runoff
        post_result.elected = _keys(labels, runoff.elected)
        post_result.revote_options = _keys(labels, runoff.revote_candidates)
        post_result.revote_seats = runoff.revote_seats
        post_result.unfilled = runoff.unfilled_seats
        post_result.runoff_options = [key for key in labels if key not in post_result.elected]
    else:
        revote = rank_revote(tallies=tallies, seats=post_result.seats)
        post_result.revote = revote
        post_result.elected = _keys(labels, revote.elected)
        post_result.revote_options = _keys(labels, revote.still_tied)
        post_result.revote_seats = revote.tied_seats


@dataclass
class PostState:
    """Where one post stands after the counted rounds."""

    post: str
    seats: int
    elected: list[int] = field(default_factory=list)  # candidate ids
    revote: list[int] = field(default_factory=list)  # candidate ids tied for a re-vote
    revote_seats: int = 0
    runoff_pool: list[int] = field(default_factory=list)  # candidate ids for a run-off
    unfilled: int = 0

    @property
    def label(self) -> str:
        return rules.post_label(self.post)


@dataclass
class Step:
    """A round the election may hold next, with its seats and candidates per post."""

    kind: str
    posts: dict[str, tuple[int, list[int]]]
    required: bool


@dataclass
class Progress:
    """The election after its counted rounds: what is filled, what is pending, whether it may be announced."""

    posts: dict[str, PostState]
    first_valid: bool = False
    open_round: Round | None = None
    uncounted_round: Round | None = None
    runoffs_held: int = 0
    vacancy: VacancyOutcome | None = None
    steps: list[Step] = field(default_factory=list)
    results: list[RoundResult] = field(default_factory=list)

    @property
    def elected_total(self) -> int:
        return sum(len(state.elected) for state in self.posts.values())

    @property
    def seats_total(self) -> int:
        return sum(state.seats for state in self.posts.values())

    @property
    def can_announce(self) -> bool:
        if not self.first_valid or self.open_round is not None or self.uncounted_round is not None:
            return False
        if any(state.revote for state in self.posts.values()):
            return False
        return not (self.vacancy is not None and self.vacancy.runoff_required and self.runoffs_held == 0)

    @property
    def vacancy_lines(self) -> list[rules.Line]:
        return rules.lines(self.vacancy) if self.vacancy is not None else []


def progress(election: Election) -> Progress:
    """Replay the counted rounds of an election (recall votes aside) into the state of each post."""
    profile = rules.profile_for(election)
    state = Progress(
        posts={
            plan.post: PostState(post=plan.post, seats=plan.seats, unfilled=plan.seats)
            for plan in election.seat_plans.all()
        }
    )
    stage = ElectionRound.FIRST
    rounds = (
        election.rounds.exclude(kind=RoundKind.RECALL)
        .prefetch_related("seats", "options", "options__candidate", "options__candidate__person")
        .order_by("number")
    )
    for round_ in rounds:
        if round_.status == RoundStatus.OPEN:
            state.open_round = round_
            continue
        if round_.status == RoundStatus.CLOSED:
            state.uncounted_round = round_
            continue
        result = compute_round(round_, profile=profile)
        if result is None:
            continue
        state.results.append(result)
        if not result.is_valid:
            continue
        if round_.kind == RoundKind.FIRST:
            state.first_valid = True
        if round_.kind == RoundKind.RUNOFF:
            state.runoffs_held += 1
            stage = ElectionRound.RUNOFF
        _apply(state, result)
    if state.first_valid:
        _vacancies(state, profile=profile, stage=stage)
    state.steps = _steps(state)
    return state


def _candidate_ids(post_result: PostResult, keys: Sequence[int]) -> list[int]:
    by_option = {option.pk: option.candidate_id for option in post_result.options}
    return [candidate for key in keys if (candidate := by_option.get(key)) is not None]


def _apply(state: Progress, result: RoundResult) -> None:
    kind = result.round.kind
    for post_result in result.posts:
        post_state = state.posts.get(post_result.post)
        if post_state is None:
            continue
        post_state.elected.extend(_candidate_ids(post_result, post_result.elected))
        post_state.revote = _candidate_ids(post_result, post_result.revote_options)
        post_state.revote_seats = post_result.revote_seats
        if kind in {RoundKind.FIRST, RoundKind.RUNOFF}:
            post_state.unfilled = post_result.unfilled
            post_state.runoff_pool = _candidate_ids(post_result, post_result.runoff_options)


def _vacancies(state: Progress, *, profile: ElectionProfile, stage: ElectionRound) -> None:
    unfilled = sum(post.unfilled for post in state.posts.values())
    if unfilled == 0:
        return
    chair = state.posts.get(Post.CHAIR)
    try:
        state.vacancy = evaluate_vacancies(
            seats=state.seats_total,
            elected=state.seats_total - unfilled,
            chair_elected=bool(chair and chair.elected),
            stage=stage,
            profile=profile,
        )
    except DomainError:
        state.vacancy = None


def _steps(state: Progress) -> list[Step]:
    if state.open_round is not None or state.uncounted_round is not None:
        return []
    if not state.first_valid:
        return [Step(kind=RoundKind.FIRST, posts={}, required=True)]
    revote = {post: (item.revote_seats, item.revote) for post, item in state.posts.items() if item.revote}
    if revote:
        return [Step(kind=RoundKind.REVOTE, posts=revote, required=True)]
    runoff = {
        post: (item.unfilled, item.runoff_pool)
        for post, item in state.posts.items()
        if item.unfilled and item.runoff_pool
    }
    if runoff and state.vacancy is not None:
        return [Step(kind=RoundKind.RUNOFF, posts=runoff, required=state.vacancy.runoff_required)]
    return []


def explanation_lines(outcome: Explained) -> list[rules.Line]:
    return rules.lines(outcome)
