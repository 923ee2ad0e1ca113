"""Counting a closed round with SQL aggregation, and announcing the result on the public board (CW-12)."""

import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError
from yishi.decisions.domain import committees
from yishi.decisions.domain.elections import anniversary
from yishi.decisions.domain.errors import DomainError
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import board_language, day_of, publish, require_count, require_manage
from yishi.elections.domain.figures import registration_rate, turnout_rate
from yishi.elections.models import (
    Ballot,
    BallotMark,
    BatchCount,
    Candidate,
    Election,
    EndReason,
    Mandate,
    OptionKind,
    Phase,
    RecallStatus,
    RegisterMark,
    Round,
    RoundKind,
    RoundOption,
    RoundStatus,
    TellerBatch,
)
from yishi.elections.outcomes import RoundResult, compute_round, progress
from yishi.people.models import Role, RoleAssignment, Sex

MAJORITY_ETHNICITIES = frozenset({"", "汉", "汉族", "Han"})


def tally(round_: Round) -> dict[str, int]:
    """The round's figures straight from the database: register marks, online ballots and teller batches."""
    online = Ballot.objects.filter(round=round_).aggregate(ballots=Count("id"))["ballots"] or 0
    online_blank = Ballot.objects.filter(round=round_, marks__isnull=True).count()
    paper = TellerBatch.objects.filter(round=round_).aggregate(
        box=Sum("ballots_in_box"), blank=Sum("blank"), spoiled=Sum("spoiled")
    )
    return {
        "voters": RegisterMark.objects.filter(round=round_).count(),
        "ballots_in_box": online + (paper["box"] or 0),
        "blank": online_blank + (paper["blank"] or 0),
        "spoiled": paper["spoiled"] or 0,
    }


def option_votes(round_: Round) -> dict[int, int]:
    """Votes per option: online marks counted and batch counts summed, each by one GROUP BY."""
    votes: dict[int, int] = {}
    for row in BallotMark.objects.filter(ballot__round=round_).values("option_id").annotate(votes=Count("id")):
        votes[row["option_id"]] = votes.get(row["option_id"], 0) + row["votes"]
    for row in BatchCount.objects.filter(batch__round=round_).values("option_id").annotate(votes=Sum("votes")):
        votes[row["option_id"]] = votes.get(row["option_id"], 0) + (row["votes"] or 0)
    return votes


@transaction.atomic
def count_round(*, actor: Actor, round_: Round, on: datetime.date | None = None) -> RoundResult:
    """Count a closed (mixed) round, decide its validity and winners under the profile, and store the figures."""
    round_ = Round.objects.select_for_update().select_related("election", "election__community").get(pk=round_.pk)
    require_count(actor, round_.election)
    if round_.status != RoundStatus.CLOSED:
        raise ActionError(_("A round is counted once, after voting is closed."), code="count_status")
    day = day_of(actor, on)
    figures = tally(round_)
    votes = option_votes(round_)
    options = list(round_.options.all())
    for option in options:
        option.votes = votes.get(option.pk, 0)
    RoundOption.objects.bulk_update(options, ["votes"])
    round_.voters = figures["voters"]
    round_.ballots_in_box = figures["ballots_in_box"]
    round_.blank_ballots = figures["blank"]
    round_.spoiled_ballots = figures["spoiled"]
    round_.status = RoundStatus.COUNTED
    round_.counted_on = day
    result = compute_round(round_)
    assert result is not None
    round_.is_valid = result.is_valid
    round_.save()
    elected = {key for post in result.posts for key in post.elected}
    RoundOption.objects.filter(pk__in=elected).update(is_elected=True)
    record_audit(
        actor=actor,
        verb="election.round_count",
        target=round_,
        place=round_.election.community,
        changes={**{name: [None, value] for name, value in figures.items()}, "valid": [None, result.is_valid]},
    )
    if round_.kind == RoundKind.RECALL and round_.recall_id is not None:
        _settle_recall(actor=actor, round_=round_, result=result, day=day)
    return result


def _settle_recall(*, actor: Actor, round_: Round, result: RoundResult, day: datetime.date) -> None:
    from yishi.elections.actions.recall import end_mandate

    request = round_.recall
    assert request is not None
    recalled = bool(result.recall and result.recall.recalled)
    request.status = RecallStatus.RECALLED if recalled else RecallStatus.KEPT
    request.save(update_fields=["status"])
    if recalled:
        end_mandate(actor=actor, mandate=request.mandate, reason=EndReason.RECALLED, day=day)
    with board_language():
        body = "\n".join(f"- {line.text}" for line in result.recall_lines)
        publish(
            actor=actor,
            community=round_.election.community,
            kind=NoticeKind.ELECTION,
            title=(
                gettext("Recall vote on %(name)s: recalled")
                if recalled
                else gettext("Recall vote on %(name)s: not recalled")
            )
            % {"name": request.mandate.person.name},
            body=body,
            source=request,
        )
    record_audit(
        actor=actor,
        verb="election.recall_settle",
        target=request,
        place=round_.election.community,
        changes={"status": [None, request.status]},
    )


def _start_role(*, actor: Actor, mandate: Mandate) -> None:
    # CW-2: members are elected directly, not appointed; the role follows from the count, so it is written here
    # (with the election as its basis) rather than through the role-assignment page.
    assignment = RoleAssignment.objects.create(
        person=mandate.person,
        role=Role.COMMITTEE_MEMBER,
        place=mandate.election.community,
        starts_on=mandate.starts_on,
        ends_on=mandate.term_ends_on,
        note=f"{mandate.get_post_display()} · {mandate.election.title}"[:200],
    )
    mandate.role_assignment = assignment
    mandate.save(update_fields=["role_assignment"])
    record_audit(
        actor=actor,
        verb="role.assign",
        target=assignment,
        place=assignment.place,
        changes={
            "role": [None, assignment.role],
            "person": [None, mandate.person_id],
            "basis": [None, f"election {mandate.election_id}"],
        },
    )


def create_mandates(
    *,
    actor: Actor,
    election: Election,
    elected: dict[str, list[Candidate]],
    day: datetime.date,
    term_ends_on: datetime.date,
) -> list[Mandate]:
    mandates: list[Mandate] = []
    for post, candidates in elected.items():
        for candidate in candidates:
            mandate = Mandate.objects.create(
                election=election, person=candidate.person, post=post, starts_on=day, term_ends_on=term_ends_on
            )
            _start_role(actor=actor, mandate=mandate)
            mandates.append(mandate)
    return mandates


def composition(election: Election, people: list[Candidate]) -> committees.CompositionOutcome | None:
    """JW-1 / CW-1 for the elected committee: size, a woman (村委会), a minority member where several groups live."""
    members = len(people)
    if members == 0:
        return None
    minority = sum(1 for item in people if item.person.ethnicity.strip() not in MAJORITY_ETHNICITIES)
    women = sum(1 for item in people if item.person.sex == Sex.FEMALE)
    if election.is_village:
        return committees.evaluate_villagers_committee(
            members=members, women_members=women, multi_ethnic=election.multi_ethnic, minority_members=minority
        )
    return committees.evaluate_residents_committee(
        members=members, multi_ethnic=election.multi_ethnic, minority_members=minority
    )


def result_summary(election: Election) -> dict[str, object]:
    """Figures of the announced (or announceable) result: rates against seed 002's bar, winners, composition."""
    state = progress(election)
    first = next((item for item in state.results if item.round.kind == RoundKind.FIRST and item.is_valid), None)
    registered = first.round.registered if first else 0
    voters = first.round.voters or 0 if first else 0
    candidates = {
        candidate.pk: candidate for candidate in Candidate.objects.filter(election=election).select_related("person")
    }
    votes: dict[int, int] = {}
    for result in state.results:
        for post in result.posts:
            for option in post.options:
                if option.pk in post.elected and option.candidate_id is not None:
                    votes[option.candidate_id] = option.votes or 0
    elected = {
        post: [candidates[key] for key in item.elected if key in candidates] for post, item in state.posts.items()
    }
    everyone = [candidate for people in elected.values() for candidate in people]
    return {
        "progress": state,
        "registration": registration_rate(registered=registered, eligible=election.eligible_count or 0),
        "turnout": turnout_rate(voters=voters, registered=registered),
        "elected": elected,
        "votes": votes,
        "composition": composition(election, everyone),
        "first": first,
    }


@transaction.atomic
def announce_result(*, actor: Actor, election: Election, on: datetime.date | None = None) -> Election:
    """Announce the result on the public board (winners, votes, registration and turnout) and seat the winners."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.CANDIDATES_PUBLISHED:
        raise ActionError(_("Only a held election is announced, once."), code="announce_phase")
    summary = result_summary(election)
    state = summary["progress"]
    if not state.can_announce:  # type: ignore[attr-defined]
        raise ActionError(
            _(
                "The result cannot be announced yet: a round is open or uncounted, "
                "a re-vote or a required run-off is pending."
            ),
            code="announce_pending",
        )
    day = day_of(actor, on)
    try:
        term_ends_on = anniversary(start=day, years=election.term_years)
    except DomainError as error:
        raise rules.domain_error(error) from error
    previous = Mandate.objects.filter(election__community=election.community, ended_on__isnull=True).exclude(
        election=election
    )
    from yishi.elections.actions.recall import end_mandate

    for mandate in previous:
        end_mandate(actor=actor, mandate=mandate, reason=EndReason.TERM, day=day - datetime.timedelta(days=1))
    elected: dict[str, list[Candidate]] = summary["elected"]  # type: ignore[assignment]
    create_mandates(actor=actor, election=election, elected=elected, day=day, term_ends_on=term_ends_on)
    with board_language():
        notice = publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.ELECTION,
            title=gettext("Election result: %(title)s") % {"title": election.title},
            body=result_text(election, summary),
            source=election,
        )
    election.phase = Phase.ANNOUNCED
    election.announced_on = day
    election.result_notice = notice
    election.save()
    record_audit(
        actor=actor,
        verb="election.announce",
        target=election,
        place=election.community,
        changes={
            "announced_on": [None, day.isoformat()],
            "notice": [None, notice.pk],
            "elected": [None, sum(len(v) for v in elected.values())],
        },
    )
    return election


def _rate_line(label: str, rate: object) -> str:
    from yishi.elections.domain.figures import Rate

    assert isinstance(rate, Rate)
    if rate.percent is None:
        return f"{label}: —"
    verdict = gettext("reaches the bar") if rate.reaches_bar else gettext("below the bar")
    return gettext("%(label)s: %(num)s / %(den)s = %(percent)s %% (seed 002 bar %(bar)s %%: %(verdict)s)") % {
        "label": label,
        "num": rate.numerator,
        "den": rate.denominator,
        "percent": rate.percent,
        "bar": rate.bar_percent,
        "verdict": verdict,
    }


def result_text(election: Election, summary: dict[str, object]) -> str:
    """The result notice's text: figures against the bar, the elected with their votes, vacancies, the ballot list."""
    lines = [
        gettext("Election day: %(day)s.") % {"day": election.election_day.isoformat()},
        "",
        "- " + _rate_line(gettext("Registration rate (registered / residents entitled)"), summary["registration"]),
        "- " + _rate_line(gettext("Turnout (voted / registered)"), summary["turnout"]),
        "",
    ]
    votes: dict[int, int] = summary["votes"]  # type: ignore[assignment]
    elected: dict[str, list[Candidate]] = summary["elected"]  # type: ignore[assignment]
    for post, people in elected.items():
        names = "、".join(
            gettext("%(name)s (%(votes)s votes)") % {"name": item.person.name, "votes": votes.get(item.pk, 0)}
            for item in people
        )
        lines.append(f"**{rules.post_label(post)}**：{names or gettext('seat not filled')}")
    state = summary["progress"]
    vacancy_lines = state.vacancy_lines  # type: ignore[attr-defined]
    if vacancy_lines:
        lines.append("")
        lines.extend(f"- {line.text}" for line in vacancy_lines)
    outcome = summary["composition"]
    if isinstance(outcome, committees.CompositionOutcome):
        lines.append("")
        lines.extend(f"- {line.text}" for line in rules.lines(outcome))
    lines.append("")
    for round_ in election.rounds.filter(status=RoundStatus.COUNTED).exclude(kind=RoundKind.RECALL):
        lines.append(
            gettext("Ballot list of round %(number)s (check your ballot with your receipt code): %(url)s")
            % {"number": round_.number, "url": reverse("elections:ballot_list", args=[round_.pk])}
        )
    return "\n".join(lines)


__all__ = ["OptionKind", "announce_result", "count_round", "result_summary", "tally"]
