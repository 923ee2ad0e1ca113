"""What disclosure adds to the front pages: drafts awaiting staff, and the latest notices of a community.

The front pages (yishi.web) sit above every app and call the providers registered here. The web
registries are reached by dotted path so that this lower layer does not import the top one
(the "Apps import along the workflow" contract); only data flows up.
"""

from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy

from yishi.disclosure.queries import latest_notices, list_drafts_for


def drafts_awaiting(user: Any) -> list[Any]:
    """Drafts waiting to be published at the places where the user may publish."""
    if not user.is_authenticated:
        return []
    awaiting_item = import_string("yishi.web.awaiting.AwaitingItem")
    return [
        awaiting_item(
            title=notice.title,
            url=notice.get_absolute_url(),
            kind=gettext_lazy("Draft notice"),
            due=gettext("due by %(day)s") % {"day": notice.due_by.isoformat()} if notice.due_by else "",
        )
        for notice in list_drafts_for(user)[:20]
    ]


def community_section(community: Any) -> list[Any]:
    """The latest notices on the community's board, with a link to all of them."""
    public_section = import_string("yishi.web.public_sections.PublicSection")
    return [
        public_section(
            template_name="disclosure/_public_section.html",
            context={"notices": latest_notices(community)},
            order=20,
        )
    ]


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    import_string("yishi.web.awaiting.register")(drafts_awaiting)
    import_string("yishi.web.public_sections.register")(community_section)
