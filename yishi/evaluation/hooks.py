"""What the evaluation app adds to the front pages: what awaits experts, units and district officers in the
designation programme on their home page, and the designation badge on a community's public page.

A designated community shows its badge; a community of a designated street shows the street's (there is no public
page of a street: its communities carry it).
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from yishi.web.awaiting import AwaitingItem
from yishi.web.awaiting import register as register_awaiting
from yishi.web.public_sections import PublicSection
from yishi.web.public_sections import register as register_section


def designation_awaiting(user: Any) -> list[AwaitingItem]:
    """Experts: the cases assigned to them not yet scored; units: the case to submit while a programme is open;
    district officers: a proposed shortlist waiting for their approval."""
    from yishi.evaluation import designation_queries as queries

    if not user.is_authenticated:
        return []
    items: list[AwaitingItem] = []
    for programme, count in queries.cases_to_review(user):
        items.append(
            AwaitingItem(
                title=ngettext(
                    "%(count)s case to review for %(programme)s",
                    "%(count)s cases to review for %(programme)s",
                    count,
                )
                % {"count": count, "programme": programme.title},
                url=reverse("evaluation:programmes"),
                kind=gettext_lazy("Expert review"),
                due=f"{programme.review_ends_on:%Y-%m-%d}",
            )
        )
    for programme, units in queries.cases_to_submit(user):
        items.append(
            AwaitingItem(
                title=gettext("Case of %(units)s to submit to %(programme)s (closing on %(day)s)")
                % {
                    "units": gettext(", ").join(unit.name for unit in units),
                    "programme": programme.title,
                    "day": f"{programme.submissions_close_on:%Y-%m-%d}",
                },
                url=reverse("evaluation:programme_submit", args=[programme.pk]),
                kind=gettext_lazy("Designation programme"),
                due=f"{programme.submissions_close_on:%Y-%m-%d}",
            )
        )
    for programme in queries.shortlists_to_approve(user):
        items.append(
            AwaitingItem(
                title=gettext("Shortlist of %(programme)s waiting for approval") % {"programme": programme.title},
                url=reverse("evaluation:programme_ranking", args=[programme.pk]),
                kind=gettext_lazy("Designation programme"),
                due=f"{programme.publication_on:%Y-%m-%d}",
            )
        )
    return items


def designation_section(community: Any) -> list[PublicSection]:
    """The published designations of the community and of its street, as badges linking to their cases."""
    from yishi.evaluation.designation_queries import published_designations_for

    designations = published_designations_for(community)
    if not designations:
        return []
    return [
        PublicSection(
            template_name="evaluation/_designation_badge.html",
            context={"designations": designations},
            order=5,
        )
    ]


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    register_awaiting(designation_awaiting)
    register_section(designation_section)
