"""What matters adds to the front pages: what awaits staff and residents, and a community's latest matters.

The front pages (yishi.web) sit above every app and call the providers registered here; the import
contract lets an app's hooks module (and only it) reach the two web registries.
"""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from yishi.matters import queries
from yishi.matters.permissions import communities_where, streets_where
from yishi.people.domain.roles import Capability
from yishi.people.permissions import today
from yishi.web.awaiting import AwaitingItem
from yishi.web.awaiting import register as register_awaiting
from yishi.web.public_sections import PublicSection
from yishi.web.public_sections import register as register_section

UNREAD_SHOWN = 5


def awaiting(user: Any) -> list[AwaitingItem]:
    """Staff: matters to triage and overdue matters at their places; street: big matters to take up;
    residents: unread news about their matters."""
    if not user.is_authenticated:
        return []
    items: list[AwaitingItem] = []
    day = today()
    communities = communities_where(user, Capability.TRIAGE_MATTER)
    untriaged = queries.count_untriaged(communities)
    if untriaged:
        items.append(
            AwaitingItem(
                title=ngettext("%(count)s matter to triage", "%(count)s matters to triage", untriaged)
                % {"count": untriaged},
                url=reverse("matters:queue") + "?status=untriaged",
                kind=gettext_lazy("Triage"),
            )
        )
    overdue = queries.count_overdue(communities=communities, day=day)
    if overdue:
        items.append(
            AwaitingItem(
                title=ngettext("%(count)s matter past its due date", "%(count)s matters past their due date", overdue)
                % {"count": overdue},
                url=reverse("matters:queue") + "?status=overdue",
                kind=gettext_lazy("Overdue"),
            )
        )
    streets = streets_where(user, Capability.ANSWER_REFERRAL)
    waiting = queries.count_street_waiting(streets)
    if waiting:
        items.append(
            AwaitingItem(
                title=ngettext(
                    "%(count)s big matter for the street office to take up",
                    "%(count)s big matters for the street office to take up",
                    waiting,
                )
                % {"count": waiting},
                url=reverse("matters:street"),
                kind=gettext_lazy("Street office"),
            )
        )
    street_overdue = queries.count_street_overdue(streets=streets, day=day)
    if street_overdue:
        items.append(
            AwaitingItem(
                title=ngettext(
                    "%(count)s big matter past its due date",
                    "%(count)s big matters past their due date",
                    street_overdue,
                )
                % {"count": street_overdue},
                url=reverse("matters:street") + "?status=all",
                kind=gettext_lazy("Overdue"),
            )
        )
    if user.person_id is not None:
        for notification in queries.list_notifications(user.person).unread()[:UNREAD_SHOWN]:
            items.append(
                AwaitingItem(
                    title=notification.display_title(),
                    url=notification.get_absolute_url(),
                    kind=gettext_lazy("My matters"),
                    due=f"{timezone.localtime(notification.created_at):%Y-%m-%d}",
                )
            )
    return items


def community_section(community: Any) -> list[PublicSection]:
    """The latest matters raised in the community, with a link to all of them."""
    return [
        PublicSection(
            template_name="matters/_public_section.html",
            context={"matters": queries.latest_public(community)},
            order=15,
        )
    ]


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    register_awaiting(awaiting)
    register_section(community_section)
