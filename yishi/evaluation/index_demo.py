"""Demo data of the model-community index: experts' qualitative scores and the precomputed snapshots.

The quantitative indicators come from the demo's own matters, meetings, votes and notices; what no platform data
can give — the experts' judgement and the residents' survey — is scored here through the same action as the
score form, by the district's experts (never on their own unit), for this year and the last, so that the
dashboards show totals, trends and rankings from the first start.
"""

import random

from django.utils import timezone

from yishi.audit.actions import Actor
from yishi.evaluation.designation_demo import users_with_role
from yishi.evaluation.designation_queries import conflicting_ties
from yishi.evaluation.domain.framework import IndicatorKind
from yishi.evaluation.index_actions import compute_snapshot, record_score
from yishi.evaluation.index_queries import framework_in_force
from yishi.places.models import Place, PlaceKind


def seed_index(*, street: Place, rng: random.Random) -> int:
    """Score the street's communities for this year and the last and compute their snapshots; returns the scores
    recorded (none when the demo district has no expert)."""
    district = street.parent
    experts = users_with_role(district, ("expert",)) if district else []
    if not experts:
        return 0
    framework, _version = framework_in_force()
    codes = [indicator.code for indicator in framework.indicators if indicator.kind is not IndicatorKind.QUANTITATIVE]
    communities = list(Place.objects.within(street).of_kind(PlaceKind.COMMUNITY).order_by("path"))
    this_year = timezone.localdate().year
    recorded = 0
    for community in communities:
        scorers = [expert for expert in experts if not conflicting_ties(expert, community)]
        if not scorers:
            continue
        actor = Actor(user=scorers[0], acting_role="expert")
        base = rng.randint(62, 88)
        for year in (this_year - 1, this_year):
            for code in codes:
                score = min(100, max(0, base + rng.randint(-8, 8) + (3 if year == this_year else 0)))
                record_score(actor=actor, community=community, year=year, indicator_code=code, score=str(score))
                recorded += 1
            compute_snapshot(community_id=community.pk, year=year)
    return recorded
