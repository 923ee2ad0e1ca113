"""The survey pages (a resident on a phone, staff entering a paper answer, the committee opening and closing) and
the survey API: translated refusals with 400/403, nothing written."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import Cast, World
from tests.implementation.builders import actor, decided_matter
from yishi.accounts import sms
from yishi.evaluation import surveys
from yishi.evaluation.models import Survey, SurveyResponse
from yishi.matters.models import MatterStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def survey_pages_sandbox(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def client_for(user: Any, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _open(world: World, cast: Cast) -> Survey:
    matter = decided_matter(world, cast, status=MatterStatus.EVALUATING)
    return surveys.open_evaluation(actor=actor(cast.supervisor), matter=matter)


def test_the_committee_opens_the_survey_on_its_page(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast, status=MatterStatus.EVALUATING)
    url = reverse("evaluation:survey_open", args=[matter.pk])
    assert client_for(cast.director).get(url).status_code == 403
    client = client_for(cast.supervisor)
    assert client.get(url).status_code == 200
    unknown = client.post(url, {"audience": "chosen", "chosen": "不存在的人", "include_participants": "on"})
    assert unknown.status_code == 400 and "不存在的人" in unknown.content.decode()
    assert not Survey.objects.exists()
    response = client.post(url, {"audience": "place", "served_place": world.building.pk, "include_participants": "on"})
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.served_place == world.building


def test_a_resident_answers_on_the_survey_page_once(world: World, cast: Cast) -> None:
    survey = _open(world, cast)
    url = survey.get_absolute_url()
    client = client_for(cast.resident)
    page = client.get(url).content.decode()
    assert "基本满意" in page and 'type="radio"' in page
    too_long = client.post(url, {"rating": "satisfied", "comment": "长" * 501})
    assert too_long.status_code == 400 and "意见超过 500 个字" in too_long.content.decode()
    assert client.post(url, {"rating": "satisfied", "comment": "很好"}).status_code == 302
    again = client.post(url, {"rating": "dissatisfied"})
    assert again.status_code == 400
    assert SurveyResponse.objects.get().rating == "satisfied"
    assert "您的评价：满意" in client.get(url).content.decode()


def test_someone_not_served_sees_why_and_is_refused(world: World, cast: Cast) -> None:
    survey = _open(world, cast)
    client = client_for(cast.villager)
    assert "您不在其中" in client.get(survey.get_absolute_url()).content.decode()
    refused = client.post(survey.get_absolute_url(), {"rating": "dissatisfied"})
    assert refused.status_code == 403 and "服务对象" in refused.content.decode()
    assert not SurveyResponse.objects.exists()


def test_staff_enter_an_elderly_residents_answer(world: World, cast: Cast) -> None:
    survey = _open(world, cast)
    url = reverse("evaluation:survey_assisted", args=[survey.pk])
    assert client_for(cast.resident).get(url).status_code == 403
    client = client_for(cast.director)
    assert "陈阿姨" in client.get(url, {"q": "陈"}).content.decode()
    response = client.post(
        url + f"?person={cast.elder.pk}",
        {"person": cast.elder.pk, "rating": "basically_satisfied", "channel": "paper", "reference": "问卷 3"},
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert answer.person == cast.elder and answer.channel == "paper"


def test_closing_publishes_the_result_page(world: World, cast: Cast) -> None:
    survey = _open(world, cast)
    surveys.respond(actor=actor(cast.resident), survey=survey, rating="satisfied", comment="谢谢大家")
    result_url = reverse("evaluation:survey_result", args=[survey.pk])
    assert Client().get(result_url).status_code == 404  # figures of an open survey are the committee's
    assert client_for(cast.director).post(reverse("evaluation:survey_close", args=[survey.pk])).status_code == 403
    response = client_for(cast.supervisor).post(reverse("evaluation:survey_close", args=[survey.pk]))
    assert response.status_code == 302
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(result_url).content.decode()
    assert "居民满意：议题办结" in public and "100.0%" in public
    assert "谢谢大家" not in public
    assert "谢谢大家" in client_for(cast.director).get(result_url).content.decode()
    again = client_for(cast.supervisor).post(reverse("evaluation:survey_close", args=[survey.pk]))
    assert again.status_code == 400


def test_the_surveys_list_and_english(world: World, cast: Cast) -> None:
    survey = _open(world, cast)
    assert survey.matter.title in client_for(cast.resident).get(reverse("evaluation:surveys")).content.decode()
    english = client_for(cast.resident, "en")
    english.cookies["yishi_language"] = "en"
    page = english.get(survey.get_absolute_url()).content.decode()
    assert "Are you satisfied with" in page and "Basically satisfied" in page


def test_the_survey_api(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast, status=MatterStatus.EVALUATING)
    supervisor = client_for(cast.supervisor)
    opened = supervisor.post(
        f"/api/evaluation/matters/{matter.pk}/survey", {"audience": "place"}, content_type="application/json"
    )
    assert opened.status_code == 201, opened.content
    survey_id = opened.json()["id"]
    anonymous = Client().get(f"/api/evaluation/surveys/{survey_id}")
    assert anonymous.status_code == 200 and anonymous.json()["figures"] is None
    mine = client_for(cast.resident).get("/api/evaluation/surveys/mine")
    assert [item["id"] for item in mine.json()] == [survey_id]
    answered = client_for(cast.resident).post(
        f"/api/evaluation/surveys/{survey_id}/responses", {"rating": "satisfied"}, content_type="application/json"
    )
    assert answered.status_code == 201
    twice = client_for(cast.resident).post(
        f"/api/evaluation/surveys/{survey_id}/responses", {"rating": "satisfied"}, content_type="application/json"
    )
    assert twice.status_code == 400 and twice.json()["error"]["code"] == "survey_already_answered"
    stranger = client_for(cast.villager).post(
        f"/api/evaluation/surveys/{survey_id}/responses", {"rating": "satisfied"}, content_type="application/json"
    )
    assert stranger.status_code == 403 and stranger.json()["error"]["code"] == "survey_not_served"
    assisted = client_for(cast.director).post(
        f"/api/evaluation/surveys/{survey_id}/assisted-responses",
        {"person_id": cast.elder.pk, "rating": "dissatisfied", "channel": "assisted"},
        content_type="application/json",
    )
    assert assisted.status_code == 201 and assisted.json()["channel"] == "assisted"
    closed = supervisor.post(f"/api/evaluation/surveys/{survey_id}/close")
    assert closed.status_code == 200
    figures = closed.json()["figures"]
    assert figures["share"] == "1/2" and figures["percent"] == "50.0" and figures["outcome"] == "reopen"
    assert Client().get(f"/api/evaluation/surveys/{survey_id}").json()["figures"]["responses"] == 2
