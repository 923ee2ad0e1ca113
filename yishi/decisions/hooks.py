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
from yishi.decisions.models import VoteStatus


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


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    import_string("yishi.web.awaiting.register")(awaiting)
    import_string("yishi.web.public_sections.register")(community_section)
