"""The implementation and survey demos: decided matters carried out through the actions, then evaluated."""

import random

import pytest

from tests.fixtures import Cast, World
from tests.implementation.builders import decided_matter
from yishi.evaluation import demo as evaluation_demo
from yishi.evaluation.models import Survey, SurveyResponse
from yishi.implementation import demo as implementation_demo
from yishi.implementation.models import Completion, Concern, Contribution, Expense, Task
from yishi.matters.models import MatterStatus

pytestmark = pytest.mark.django_db


def test_the_demo_carries_out_decided_matters_and_asks_the_residents(world: World, cast: Cast) -> None:
    first = decided_matter(world, cast, title="加装晾衣架")
    second = decided_matter(world, cast, title="修缮车棚")
    village = decided_matter(world, cast, title="村道照明", place=world.village_group)
    village.community = world.village
    village.save(update_fields=["community"])
    implementation_demo.seed(street=world.street, rng=random.Random(3), scale="tiny")
    first.refresh_from_db()
    second.refresh_from_db()
    village.refresh_from_db()
    assert first.status == MatterStatus.EVALUATING and second.status == MatterStatus.IMPLEMENTING
    assert village.status == MatterStatus.IMPLEMENTING  # nobody of its supervision committee can sign in
    assert Completion.objects.filter(matter=first).exists()
    assert Task.objects.filter(matter=second).exclude(status="done").exists()
    assert Expense.objects.filter(matter=first).count() == 2
    assert not Concern.objects.filter(answered_at__isnull=True).exists()
    assert Contribution.objects.filter(kind="labour", stage="received").exists()
    evaluation_demo.seed(street=world.street, rng=random.Random(3), scale="tiny")
    survey = Survey.objects.get(matter=first)
    assert survey.is_open
    assert SurveyResponse.objects.filter(survey=survey, channel__in=["assisted", "paper"]).exists()
    # The residents who sign in answer for themselves.
    assert not SurveyResponse.objects.filter(person=cast.resident.person).exists()
