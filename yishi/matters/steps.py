"""Links from a matter's page to the pages of its later steps: meetings and outcomes, votes, the work, the survey
and the notices on the public board.

Matters sits below the apps that carry a matter on (deliberation, decisions, implementation, evaluation), so it
cannot import them; each app registers a provider from its AppConfig.ready() and the matter's page asks them all:

    from yishi.matters.steps import DECIDE, StepLink, register_steps

    def vote_steps(matter: Matter, user: Any) -> list[StepLink]:
        return [StepLink(step=DECIDE, title=vote.title, url=vote.get_absolute_url(), order=30)
                for vote in visible_votes(matter, user)]

    register_steps(vote_steps)

A provider returns only what `user` may open (drafts and unreviewed outcomes stay with the staff who may see them),
and the pages it links check access again. The notices that published the matter's steps come from this app's own
timeline (disclosure sits below matters).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yishi.matters.models import Matter, MatterEvent


@dataclass(frozen=True, kw_only=True)
class StepLink:
    """One page of a later step of a matter, shown on the matter's page in `order`."""

    step: str | Promise  # which step: DELIBERATE, DECIDE, IMPLEMENT, EVALUATE or PUBLIC_BOARD below
    title: str | Promise  # the link's text
    url: str
    note: str | Promise = ""  # its status, in a few words
    order: int = 100


# The names of the steps, for the providers' `step` (one translation, kept here).
DELIBERATE = _("Deliberate (民事民议)")
DECIDE = _("Decide (民事民决)")
IMPLEMENT = _("Implement (民事民办)")
EVALUATE = _("Evaluate (民事民评)")
PUBLIC_BOARD = _("Public board")

StepProvider = Callable[[Matter, Any], Sequence[StepLink]]
_providers: list[StepProvider] = []

# Deliberation 20, decision 30, implementation 40, evaluation 50, notices 90.
NOTICES_ORDER = 90


def register_steps(provider: StepProvider) -> StepProvider:
    """Add a provider of step links (apps call this from AppConfig.ready())."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_steps(provider: StepProvider) -> None:
    """Remove a provider (tests register their own)."""
    _providers[:] = [item for item in _providers if item is not provider]


def notice_steps(matter: Matter) -> list[StepLink]:
    """The published notices of the matter's timeline, oldest first, each once."""
    links: list[StepLink] = []
    seen: set[int] = set()
    events = (
        MatterEvent.objects.filter(matter=matter, notice__isnull=False, notice__status="published")
        .select_related("notice")
        .order_by("occurred_at", "pk")
    )
    for event in events:
        notice = event.notice
        if notice is None or notice.pk in seen:
            continue
        seen.add(notice.pk)
        links.append(
            StepLink(
                step=PUBLIC_BOARD,
                title=notice.title,
                url=notice.get_absolute_url(),
                note=notice.number,
                order=NOTICES_ORDER,
            )
        )
    return links


def steps_for(matter: Matter, user: Any) -> list[StepLink]:
    """Every later step the user may open, in the order of the workflow, the notices last."""
    links = [link for provider in _providers for link in provider(matter, user)]
    links.extend(notice_steps(matter))
    return sorted(links, key=lambda link: link.order)
