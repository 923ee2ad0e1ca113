"""Opening a decision from a deliberation outcome: the basis proposed from what the matter touches."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from yishi.audit.actions import Actor
from yishi.decisions.actions._common import (
    TITLE_MAX,
    B,
)
from yishi.decisions.actions.drafting import RuleFraction, VoteDraft, VoteSettings, create_vote
from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.models import (
    ResidentsMode,
    ResolvingBody,
    Secrecy,
    VillageMatter,
    VillagersMode,
    Vote,
)
from yishi.matters.models import Matter
from yishi.places.models import Place, PlaceKind

# --- from a deliberation outcome --------------------------------------------------------------------------


def _decision_place(matter: Matter, suggestion: basis_rules.BasisSuggestion) -> Place:
    basis = suggestion.basis
    if basis in (B.OWNERS, B.ONLINE):
        place = matter.place
        if place.kind == PlaceKind.UNIT and place.parent is not None:
            place = place.parent
        if place.kind == PlaceKind.COMMUNITY and matter.compound is not None and basis is B.OWNERS:
            place = matter.compound
        return place
    if basis is B.VILLAGER_GROUP:
        return matter.compound or matter.place
    return matter.community


@transaction.atomic
def open_decision_for_matter(
    *,
    actor: Actor,
    matter: Matter,
    basis: str | None = None,
    title: str = "",
    question: str = "",
    owners_matter: str | None = None,
    village_matter: str = VillageMatter.OTHER,
    representatives_authorised: bool = False,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    settings: VoteSettings | None = None,
    place: Place | None = None,
) -> Vote:
    """Draft the vote that decides a matter whose deliberation outcome was reviewed.

    The basis is proposed from what the matter touches (`queries.suggest_for_matter`, the domain's
    `suggest_basis`) unless staff name it; the vote stays a draft until staff confirm and open it.
    """
    from yishi.decisions.queries import suggest_for_matter

    suggestion = suggest_for_matter(
        matter,
        owners_matter=owners_matter,
        village_matter=village_matter,
        representatives_authorised=representatives_authorised,
    )
    chosen = basis or suggestion.basis.value
    if settings is None:
        settings = VoteSettings(
            residents_mode=suggestion.residents_mode.value
            if suggestion.residents_mode
            else ResidentsMode.ALL_RESIDENTS,
            villagers_mode=suggestion.villagers_mode.value if suggestion.villagers_mode else VillagersMode.INDIVIDUAL,
            resolving_body=suggestion.resolving_body.value
            if suggestion.resolving_body
            else ResolvingBody.VILLAGERS_ASSEMBLY,
            owners_matter=suggestion.owners_matter.value if suggestion.owners_matter else (owners_matter or ""),
            village_matter=village_matter,
            authorised=representatives_authorised,
            authorisation_reference="" if not representatives_authorised else gettext("recorded with the matter"),
            online_electorate=suggestion.electorate.value,
            threshold=RuleFraction(1, 2, inclusive=False),
        )
    start = opens_at or timezone.now().replace(second=0, microsecond=0)
    draft = VoteDraft(
        title=(title or matter.title)[:TITLE_MAX],
        question=question
        or gettext("Do you agree with the outcome of the deliberation on “%(title)s”?") % {"title": matter.title},
        place=place or _decision_place(matter, suggestion),
        basis=chosen,
        opens_at=start,
        closes_at=closes_at or start + datetime.timedelta(days=7),
        secrecy=Secrecy.NAMED,
        settings=settings,
    )
    return create_vote(actor=actor, draft=draft, matter=matter)
