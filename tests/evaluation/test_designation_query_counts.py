"""The designation programme's list pages read a fixed number of queries whatever the number of cases: the case
library (a page of results, with its htmx partial), a programme's page for its officer, a unit and an expert, and
the ranking with the shortlist. Rows are made directly: these tests are about reading, not the workflow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.designation_helpers import expert, open_programme
from tests.factories import make_place
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.evaluation.designation_models import (
    Designation,
    Programme,
    ProgrammeStage,
    Review,
    ReviewerAssignment,
    Submission,
)
from yishi.evaluation.designation_views import LIBRARY_PAGE_SIZE

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def grow(world: World, programme: Programme, submitter: User, experts: list[User], count: int) -> None:
    """`count` more communities of 东湖街道, each with a case reviewed by every expert (and designated when the
    programme is published)."""
    start = Submission.objects.count()
    for number in range(start, start + count):
        unit = make_place("community", f"第{number}社区", world.street)
        case = Submission.objects.create(
            programme=programme,
            unit=unit,
            kind="station" if number % 3 else "base",
            theme="renewal",
            title=f"电梯加装第{number}例",
            summary="议事协商加装电梯。",
            body="居民提出,协商,决定,完工。",
            snapshot={"year": programme.indicator_year, "total": "81.20"},
            submitted_by=submitter,
        )
        for position, reviewer in enumerate(experts):
            ReviewerAssignment.objects.create(submission=case, expert=reviewer, expert_name=reviewer.display_name)
            Review.objects.create(
                submission=case, expert=reviewer, expert_name=reviewer.display_name, points=Decimal(70 + position)
            )
        if programme.stage == ProgrammeStage.PUBLISHED:
            Designation.objects.create(
                programme=programme,
                submission=case,
                unit=unit,
                kind=case.kind,
                rank=number + 1,
                points=Decimal("80.00"),
                reviews_counted=len(experts),
                is_published=True,
            )


def queries_of(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content.decode()[:500]
    return len(captured.captured_queries)


def test_the_case_library_reads_the_same_queries_for_few_and_many_cases(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    Programme.objects.filter(pk=programme.pk).update(stage=ProgrammeStage.PUBLISHED, published_at=timezone.now())
    programme.refresh_from_db()
    reader = client_for(None)
    url = reverse("evaluation:library") + "?q=电梯&theme=renewal"
    grow(world, programme, cast.secretary, [cast.expert], 2)
    few, few_partial = queries_of(reader, url), queries_of(reader, url, HX_Request="true")
    grow(world, programme, cast.secretary, [cast.expert], LIBRARY_PAGE_SIZE * 2)
    assert queries_of(reader, url) == few and queries_of(reader, url, HX_Request="true") == few_partial
    assert queries_of(reader, url + "&page=2") == few
    assert few <= 4  # the page's count and its rows; nothing per case


def test_the_programme_page_reads_the_same_queries_for_few_and_many_cases(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    Programme.objects.filter(pk=programme.pk).update(stage=ProgrammeStage.REVIEW)
    url = reverse("evaluation:programme", args=[programme.pk])
    second = expert("孔教授", world)
    readers = [client_for(cast.district_officer), client_for(cast.street_officer), client_for(cast.expert)]
    grow(world, programme, cast.street_officer, [cast.expert, second], 2)
    few = [queries_of(reader, url) for reader in readers]
    grow(world, programme, cast.street_officer, [cast.expert, second], 12)
    assert [queries_of(reader, url) for reader in readers] == few
    page = readers[1].get(url).content.decode()
    assert page.count("电梯加装第") == 14  # the street officer sees every case of the street


def test_the_ranking_reads_the_same_queries_for_few_and_many_cases(
    world: World, cast: Cast, django_assert_max_num_queries: object
) -> None:
    programme = open_programme(world, cast)
    Programme.objects.filter(pk=programme.pk).update(stage=ProgrammeStage.REVIEW)
    url = reverse("evaluation:programme_ranking", args=[programme.pk])
    officer = client_for(cast.district_officer)
    experts = [cast.expert, expert("孔教授", world), expert("季研究员", world)]
    grow(world, programme, cast.street_officer, experts, 2)
    few = queries_of(officer, url)
    grow(world, programme, cast.street_officer, experts, 15)
    assert queries_of(officer, url) == few
    assert few <= 12
