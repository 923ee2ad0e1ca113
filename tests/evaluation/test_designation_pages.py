"""Pages and API of the designation programme: who sees what, refusals shown on the page (never a 500), the
public list, badge and case library, and the demo's published programme."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.evaluation.designation_helpers import TODAY, all_dimensions, expert, open_programme, submit
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import Programme, Submission
from yishi.evaluation.designation_queries import conflicting_ties

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)  # type: ignore[arg-type]
    return client


def published(world: World, cast: Cast) -> Submission:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=officer, programme=programme)
    actions.assign_experts(actor=officer, submission=case, experts=[cast.expert])
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    actions.propose_shortlist(actor=officer, programme=programme)
    actions.approve_shortlist(actor=officer, programme=programme, note="审定")
    actions.publish_designations(actor=officer, programme=programme)
    return case


def test_the_community_page_shows_the_badge_and_the_library_finds_the_case(world: World, cast: Cast) -> None:
    case = published(world, cast)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = anonymous.get(reverse("web:community", args=[world.community.pk])).content.decode()
    assert "创新实践站(点)" in page and reverse("evaluation:library_case", args=[case.pk]) in page
    assert "创新实践站(点)" not in anonymous.get(reverse("web:community", args=[world.village.pk])).content.decode()
    found = anonymous.get(reverse("evaluation:library"), {"q": "电梯", "theme": "renewal"}).content.decode()
    assert case.title in found
    partial = anonymous.get(reverse("evaluation:library"), {"q": "电梯"}, HTTP_HX_REQUEST="true").content.decode()
    assert case.title in partial and "<main" not in partial
    assert case.title not in anonymous.get(reverse("evaluation:library"), {"theme": "rural"}).content.decode()
    detail = anonymous.get(reverse("evaluation:library_case", args=[case.pk])).content.decode()
    assert "年度指标" in detail
    listing = anonymous.get(reverse("evaluation:programme_list", args=[case.programme_id])).content.decode()
    assert "幸福社区" in listing and "可打印的 PDF" in listing
    # A published case's page sends visitors to the library.
    response = anonymous.get(reverse("evaluation:case", args=[case.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/library/{case.pk}/")


def test_case_pages_are_for_those_who_handle_the_case(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    url = reverse("evaluation:case", args=[case.pk])
    assert client_for(cast.secretary).get(url).status_code == 200
    assert client_for(cast.district_officer).get(url).status_code == 200
    assert client_for(cast.village_head).get(url).status_code == 403
    assert client_for(cast.expert).get(url).status_code == 403  # not assigned
    assert client_for(cast.resident).get(url).status_code == 403
    assert client_for(cast.resident).get(reverse("evaluation:library_case", args=[case.pk])).status_code == 404
    assert (
        client_for(cast.secretary).get(reverse("evaluation:programme_ranking", args=[programme.pk])).status_code == 403
    )


def test_out_of_range_score_comes_back_next_to_its_field(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    actions.assign_experts(actor=Actor(user=cast.district_officer), submission=case, experts=[cast.expert])
    data = {f"dimension_{code}": "80" for code in all_dimensions(programme, "80")}
    first = next(iter(data))
    data[first] = "101"
    response = client_for(cast.expert).post(reverse("evaluation:case_review", args=[case.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{first}_error"' in body and "评分应在 0 到 100 之间。" in body


def test_an_expert_on_their_own_unit_gets_a_403_page_with_the_reason(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    neighbour = expert("周专家", world, home=world.units[0])
    response = client_for(neighbour).get(reverse("evaluation:case_review", args=[case.pk]))
    assert response.status_code == 403
    assert "周专家不能评审幸福社区的案例(居住于此)" in response.content.decode()
    response = client_for(cast.district_officer).post(
        reverse("evaluation:case", args=[case.pk]), {"action": "assign", "experts": [str(neighbour.pk)]}
    )
    assert response.status_code == 400 and "专家不评审本人所在单位" in response.content.decode()


def test_a_bad_attachment_is_a_400_page_not_a_500(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    upload = io.BytesIO(b"<html>not a file we take</html>")
    upload.name = "材料.docx"
    response = client_for(cast.secretary).post(
        reverse("evaluation:programme_submit", args=[programme.pk]),
        {
            "unit": str(world.community.pk),
            "kind": "station",
            "theme": "renewal",
            "title": "标题",
            "summary": "摘要",
            "body": "正文",
            "attachments": upload,
        },
    )
    assert response.status_code == 400
    assert "材料.docx 既不是照片" in response.content.decode()
    assert not Submission.objects.exists()


def test_creating_a_programme_through_the_page(world: World, cast: Cast) -> None:
    url = reverse("evaluation:programme_new", args=[world.district.pk])
    assert client_for(cast.street_officer).get(url).status_code == 403
    data = {
        "title": "评选",
        "year": TODAY.year,
        "rules": "规则",
        "indicator_year": TODAY.year - 1,
        "submissions_open_on": TODAY.isoformat(),
        "submissions_close_on": TODAY.isoformat(),
        "review_ends_on": (TODAY.replace(day=1)).isoformat(),
        "publication_on": TODAY.isoformat(),
        "threshold": "80",
        "base_quota": 1,
        "station_quota": 3,
        "minimum_reviews": 3,
        "trim_from": 5,
    }
    officer = client_for(cast.district_officer)
    if TODAY.day != 1:
        response = officer.post(url, data)
        assert response.status_code == 400 and "日程顺序有误" in response.content.decode()
    data["review_ends_on"] = TODAY.isoformat()
    response = officer.post(url, data)
    assert response.status_code == 302
    assert Programme.objects.get().framework_version


def test_api_programme_and_index(world: World, cast: Cast) -> None:
    case = published(world, cast)
    anonymous = Client()
    listing = anonymous.get(f"/api/evaluation/programmes/{case.programme_id}")
    assert listing.status_code == 200
    body = listing.json()
    assert body["stage"] == "published" and body["designations"][0]["unit_name"] == "幸福社区"
    assert anonymous.get("/api/evaluation/programmes/999999").json()["error"]["code"] == "not_found"
    cases = anonymous.get("/api/evaluation/library", {"q": "电梯"}).json()
    assert [item["id"] for item in cases] == [case.pk]
    index = client_for(cast.district_officer).get(f"/api/evaluation/index/communities/{world.community.pk}")
    assert index.status_code == 200 and "dimensions" in index.json()
    refused = client_for(cast.resident).get(f"/api/evaluation/index/communities/{world.community.pk}")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_permitted"


def test_the_demo_has_a_published_programme_with_badges_and_cases(db: None) -> None:
    from django.core.management import call_command

    from yishi.evaluation.designation_models import Designation
    from yishi.evaluation.designation_queries import library

    call_command("seed_demo", scale="tiny", stdout=io.StringIO())
    programme = Programme.objects.get()
    assert programme.stage == "published"
    designations = list(Designation.objects.filter(programme=programme, is_published=True))
    assert designations and library().count() == len(designations)
    community = next(d.unit for d in designations if d.unit.kind == "community")
    page = Client().get(reverse("web:community", args=[community.pk])).content.decode()
    assert "创新实践" in page


def test_the_demo_index_has_expert_scores_and_totals(db: None) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from yishi.evaluation.index_models import IndicatorSnapshot, QualitativeScore
    from yishi.evaluation.index_queries import area_index
    from yishi.places.models import Place

    call_command("seed_demo", scale="tiny", stdout=io.StringIO())
    year = timezone.localdate().year
    assert QualitativeScore.objects.filter(year=year).exists()
    assert QualitativeScore.objects.filter(year=year - 1).exists()
    # Every score was given by an expert outside the unit scored.
    for score in QualitativeScore.objects.select_related("scorer", "community"):
        assert not conflicting_ties(score.scorer, score.community)
    district = Place.objects.get(kind="district")
    index = area_index(district, year)
    scored = [item for item in index.communities.values() if item.snapshot is not None]
    assert scored and all(item.breakdown.total is not None for item in scored)
    assert IndicatorSnapshot.objects.filter(year=year - 1).count() == len(scored)
