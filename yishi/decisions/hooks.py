"""What votes add to the front pages: ballots awaiting a resident, votes awaiting staff, and a community's votes.

The front pages (yishi.web) sit above every app; their registries are reached by dotted path so that this
lower layer does not import the top one (the "Apps import along the workflow" contract).
"""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy

from yishi.decisions import queries
from yishi.decisions.models import Vote, VoteStatus
from yishi.deliberation.links import register_decision_opener
from yishi.matters.steps import DECIDE, StepLink, register_steps


def awaiting(user: Any) -> list[Any]:
    """Residents: open votes they are on the roll of and have not voted in. Staff: votes to close, count, publish."""
    if not user.is_authenticated:
        return []
    item = import_string("yishi.web.awaiting.AwaitingItem")
    items: list[Any] = [
        item(
            title=vote.title,
            url=reverse("decisions:ballot", args=[vote.pk]),
            kind=gettext_lazy("Vote"),
            due=gettext("closes %(day)s") % {"day": f"{timezone.localtime(vote.closes_at):%Y-%m-%d %H:%M}"},
        )
        for vote in queries.awaiting_ballots(user.person_id)[:20]
    ]
    labels = {
        VoteStatus.OPEN: gettext_lazy("Vote to close"),
        VoteStatus.CLOSED: gettext_lazy("Vote to count"),
        VoteStatus.COUNTED: gettext_lazy("Result to publish"),
    }
    for vote in queries.votes_to_close(user)[:20]:
        items.append(item(title=vote.title, url=vote.get_absolute_url(), kind=labels[VoteStatus(vote.status)]))
    return items


def community_section(community: Any) -> list[Any]:
    """Open votes and the latest published results of the community."""
    section = import_string("yishi.web.public_sections.PublicSection")
    return [
        section(
            template_name="decisions/_public_section.html",
            context={"open_votes": queries.open_votes_of(community), "results": queries.latest_results(community)},
            order=25,
        )
    ]


def decision_opener(matter: Any) -> str:
    """The page that decides a matter whose approved outcome goes to a vote: its vote, or the page drafting one."""
    vote = Vote.objects.filter(matter=matter).order_by("-pk").first()
    if vote is not None:
        return vote.get_absolute_url()
    return reverse("decisions:new") + f"?matter={matter.pk}"


def matter_steps(matter: Any, user: Any) -> list[StepLink]:
    """The votes on the matter (drafts only to the staff who run them), for the matter's page: a counted and
    published one links its explained result."""
    links = []
    for vote in Vote.objects.filter(matter=matter).select_related("place").order_by("pk"):
        if vote.status == VoteStatus.DRAFT and not (queries.can_manage(user, vote) or queries.can_record(user, vote)):
            continue
        published = vote.status == VoteStatus.PUBLISHED
        links.append(
            StepLink(
                step=DECIDE,
                title=vote.title,
                url=reverse("decisions:result", args=[vote.pk]) if published else vote.get_absolute_url(),
                note=vote.get_status_display(),
                order=30,
            )
        )
    return links


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    register_decision_opener(decision_opener)
    register_steps(matter_steps)
    import_string("yishi.web.awaiting.register")(awaiting)
    import_string("yishi.web.public_sections.register")(community_section)
