"""Texts shown about matters in the current language: responsible bodies, proposers as the public sees them."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext

from yishi.matters.domain.triage import ResponsibleLevel

if TYPE_CHECKING:
    from yishi.matters.models import Matter
    from yishi.places.models import Place


def responsible_body(*, level: str, place: "Place | None") -> str:
    """ "东湖街道 street office", "幸福社区 deliberation committee"… or "" before triage."""
    if not level or place is None:
        return ""
    if level == ResponsibleLevel.STREET:
        return gettext("%(place)s street office") % {"place": place.name}
    if level == ResponsibleLevel.COMMUNITY:
        if place.is_rural:
            return gettext("Villagers' deliberation committee of %(place)s") % {"place": place.name}
        return gettext("Residents' deliberation committee of %(place)s") % {"place": place.name}
    return gettext("Compound deliberation meeting of %(place)s") % {"place": place.name}


def public_proposer(matter: "Matter") -> str:
    """The proposer's name as the public may read it: hidden when they asked, or unknown."""
    if matter.anonymous_to_public:
        return gettext("Anonymous")
    if matter.proposer_id is None:
        return gettext("No name given")
    return matter.proposer.name if matter.proposer is not None else ""


def place_label(place: "Place") -> str:
    """A place as residents name it: a building with its compound ("阳光小区 3号楼"), else its own name."""
    parent = place.parent if place.kind == "building" and place.parent_id else None
    if parent is not None and parent.kind == "compound":
        return f"{parent.name} {place.name}"
    return place.name
