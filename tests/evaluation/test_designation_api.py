"""The designation programme through the JSON API: the same actions as the pages, from a unit's case (JSON and
multipart with attachments) to the published list; refusals in the shared error shape and in the language asked;
every response fits the OpenAPI schema."""

import io
import json
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from tests.api.openapi_check import errors, response_schema
from tests.evaluation.designation_helpers import TODAY, all_dimensions, expert, open_programme
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.actions import create_api_token
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import AuditRecord
from yishi.evaluation.designation_models import Programme, SiteVisit, Submission

pytestmark = pytest.mark.django_db

CASE = {
    "kind": "station",
    "theme": "renewal",
    "title": "加装电梯“四步议事法”",
    "summary": "阳光小区 1 号楼通过议事协商加装电梯。",
    "body": "居民提出加装电梯,经过三会制度协商、业主共同决定,三个月完工。",
}


def client_of(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def spec() -> dict[str, Any]:
    document: dict[str, Any] = Client().get("/api/openapi.json").json()
    return document


def fits(spec: dict[str, Any], template: str, response: Any, method: str = "post") -> None:
    schema = response_schema(spec, template, method, response.status_code)
    assert not errors(response.json(), schema, spec), (template, response.json())


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "现场.png"
    return buffer


def second_officer(world: World) -> User:
    person = make_person("钟科长")
    give_role(person, "district_officer", world.district)
    return make_user(person, username="second-officer")


def test_the_whole_programme_through_the_api(world: World, cast: Cast, spec: dict[str, Any]) -> None:
    programme = open_programme(world, cast)
    base = f"/api/evaluation/programmes/{programme.pk}"
    unit = client_of(cast.secretary)

    # The community submits with attachments (multipart); the street without (JSON), then withdraws and resubmits.
    pdf = io.BytesIO(b"%PDF-1.4\n%test\n")
    pdf.name = "台账.pdf"
    submitted = unit.post(
        f"{base}/cases/with-attachments", {"unit_id": world.community.pk, **CASE, "attachments": [_png(), pdf]}
    )
    assert submitted.status_code == 201, submitted.json()
    fits(spec, "/api/evaluation/programmes/{programme_id}/cases/with-attachments", submitted)
    case = submitted.json()
    assert [a["content_type"] for a in case["attachments"]] == ["image/jpeg", "application/pdf"]
    assert case["unit_name"] == "幸福社区" and case["status"] == "submitted"
    street = client_of(cast.street_officer)
    first = post(street, f"{base}/cases", {"unit_id": world.street.pk, **CASE, "kind": "base"})
    assert first.status_code == 201
    fits(spec, "/api/evaluation/programmes/{programme_id}/cases", first)
    withdrawn = post(street, f"/api/evaluation/cases/{first.json()['id']}/withdraw", {"reason": "材料需补充"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    fits(spec, "/api/evaluation/cases/{case_id}/withdraw", withdrawn)
    again = post(street, f"{base}/cases", {"unit_id": world.street.pk, **CASE, "kind": "base"})
    assert again.status_code == 201
    record = AuditRecord.objects.filter(verb="evaluation.case.submit").latest("pk")
    assert record.channel == "api" and record.acting_role == "street_officer"

    # The officer closes submissions, assigns experts; an expert scores and records a visit.
    officer = client_of(cast.district_officer)
    closed = post(officer, f"{base}/close")
    assert closed.status_code == 200 and closed.json()["stage"] == "review"
    fits(spec, "/api/evaluation/programmes/{programme_id}/close", closed)
    for case_id in (case["id"], again.json()["id"]):
        assigned = post(officer, f"/api/evaluation/cases/{case_id}/experts", {"expert_ids": [cast.expert.pk]})
        assert assigned.status_code == 200 and assigned.json()["experts"] == [{"id": cast.expert.pk, "name": "钱教授"}]
    fits(spec, "/api/evaluation/cases/{case_id}/experts", assigned)
    reviewer = client_of(cast.expert)
    for case_id, score in ((case["id"], "90"), (again.json()["id"], "60")):
        scored = post(reviewer, f"/api/evaluation/cases/{case_id}/review", {"scores": all_dimensions(programme, score)})
        assert scored.status_code == 201
    fits(spec, "/api/evaluation/cases/{case_id}/review", scored)
    visit = post(
        reviewer,
        f"/api/evaluation/cases/{case['id']}/site-visits",
        {"visited_on": TODAY.isoformat(), "visitors": "钱教授", "findings": "议事厅运转良好。"},
    )
    assert visit.status_code == 201 and visit.json()["recorded_by"] == "钱教授"
    fits(spec, "/api/evaluation/cases/{case_id}/site-visits", visit)

    # Proposed, approved by the district's only officer, published.
    proposed = post(officer, f"{base}/shortlist", {"note": "按评分排序"})
    assert proposed.status_code == 200 and proposed.json()["stage"] == "shortlisted"
    assert [d["unit_name"] for d in proposed.json()["designations"]] == ["幸福社区"]  # the street is below 70
    assert proposed.json()["proposed_by"] == "孙处长"
    fits(spec, "/api/evaluation/programmes/{programme_id}/shortlist", proposed)
    assert client_of(None).get(base).json()["designations"] == []  # not public before publication
    approved = post(officer, f"{base}/approve", {"note": "区评审委员会第3次会议审定"})
    assert approved.status_code == 200 and approved.json()["approved_by"] == "孙处长"
    fits(spec, "/api/evaluation/programmes/{programme_id}/approve", approved)
    published = post(officer, f"{base}/publish")
    assert published.status_code == 200 and published.json()["stage"] == "published"
    fits(spec, "/api/evaluation/programmes/{programme_id}/publish", published)
    public = client_of(None).get(base)
    fits(spec, "/api/evaluation/programmes/{programme_id}", public, "get")
    assert public.json()["designations"][0]["case_id"] == case["id"] and public.json()["proposed_by"] is None


def test_refusals_in_the_shared_shape(world: World, cast: Cast, spec: dict[str, Any]) -> None:
    programme = open_programme(world, cast)
    base = f"/api/evaluation/programmes/{programme.pk}"
    template = "/api/evaluation/programmes/{programme_id}/cases"
    # A resident may not submit; a street's officer may not submit for a community of another street.
    refused = post(client_of(cast.resident), f"{base}/cases", {"unit_id": world.community.pk, **CASE})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_permitted"
    fits(spec, template, refused)
    # A full phone number in the text: 400 next to its field, in Chinese.
    bad = post(
        client_of(cast.secretary), f"{base}/cases", {"unit_id": world.community.pk, **CASE, "body": "电话 13812345678"}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "body" and "案例将会公开" in bad.json()["error"]["message"]
    fits(spec, template, bad)
    missing = post(client_of(cast.secretary), "/api/evaluation/programmes/999999/cases", {"unit_id": 1, **CASE})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    fits(spec, template, missing)
    # A file that is neither a photo nor a PDF.
    upload = io.BytesIO(b"<html></html>")
    upload.name = "材料.docx"
    wrong = client_of(cast.secretary).post(
        f"{base}/cases/with-attachments", {"unit_id": world.community.pk, **CASE, "attachments": [upload]}
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "attachments"
    fits(spec, "/api/evaluation/programmes/{programme_id}/cases/with-attachments", wrong)
    assert not Submission.objects.exists()
    # Steps out of order, and by the wrong people.
    early = post(client_of(cast.district_officer), f"{base}/publish")
    assert early.status_code == 400 and early.json()["error"]["code"] == "designation.wrong_stage"
    fits(spec, "/api/evaluation/programmes/{programme_id}/publish", early)
    not_officer = post(client_of(cast.street_officer), f"{base}/close")
    assert not_officer.status_code == 403
    fits(spec, "/api/evaluation/programmes/{programme_id}/close", not_officer)
    assert Programme.objects.get().stage == "open"
    # Without a session or a token: 401. A session without its CSRF token is refused; a bearer token needs none.
    assert Client().post(f"{base}/close").status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.district_officer)
    assert browser.post(f"{base}/close").status_code == 403
    assert Programme.objects.get().stage == "open"
    _, secret = create_api_token(actor=Actor(user=cast.district_officer), name="区评选系统")
    integration = Client(enforce_csrf_checks=True)
    closed = integration.post(f"{base}/close", headers={"Authorization": f"Bearer {secret}"})
    assert closed.status_code == 200 and closed.json()["stage"] == "review"
    assert AuditRecord.objects.filter(verb="evaluation.programme.close").get().channel == "api"


def test_conflicts_unknown_experts_and_visits(world: World, cast: Cast, spec: dict[str, Any]) -> None:
    programme = open_programme(world, cast)
    case = post(
        client_of(cast.secretary),
        f"/api/evaluation/programmes/{programme.pk}/cases",
        {"unit_id": world.community.pk, **CASE},
    ).json()
    officer = client_of(cast.district_officer)
    neighbour = expert("周专家", world, home=world.units[0])
    url = f"/api/evaluation/cases/{case['id']}/experts"
    tied = post(officer, url, {"expert_ids": [cast.expert.pk, neighbour.pk]})
    assert tied.status_code == 400 and tied.json()["error"]["code"] == "designation.conflict_of_interest"
    assert "周专家不能评审幸福社区的案例(居住于此)" in tied.json()["error"]["message"]
    fits(spec, "/api/evaluation/cases/{case_id}/experts", tied)
    unknown = post(officer, url, {"expert_ids": [999999]})
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "experts"
    future = post(
        client_of(cast.district_officer),
        f"/api/evaluation/cases/{case['id']}/site-visits",
        {"visited_on": TODAY.replace(year=TODAY.year + 1).isoformat(), "visitors": "孙处长", "findings": "好"},
    )
    assert future.status_code == 400 and future.json()["error"]["field"] == "visited_on"
    fits(spec, "/api/evaluation/cases/{case_id}/site-visits", future)
    stranger = post(
        client_of(cast.expert),
        f"/api/evaluation/cases/{case['id']}/site-visits",
        {"visited_on": TODAY.isoformat(), "visitors": "钱教授", "findings": "好"},
    )
    assert stranger.status_code == 403 and stranger.json()["error"]["code"] == "designation.not_assigned"
    assert not SiteVisit.objects.exists()


def test_the_proposer_does_not_approve_when_another_officer_can(world: World, cast: Cast, spec: dict[str, Any]) -> None:
    programme = open_programme(world, cast)
    base = f"/api/evaluation/programmes/{programme.pk}"
    case = post(client_of(cast.secretary), f"{base}/cases", {"unit_id": world.community.pk, **CASE}).json()
    officer = client_of(cast.district_officer)
    post(officer, f"{base}/close")
    post(officer, f"/api/evaluation/cases/{case['id']}/experts", {"expert_ids": [cast.expert.pk]})
    post(
        client_of(cast.expert),
        f"/api/evaluation/cases/{case['id']}/review",
        {"scores": all_dimensions(programme, "90")},
    )
    other = second_officer(world)
    assert post(officer, f"{base}/shortlist").status_code == 200
    refused = post(officer, f"{base}/approve", {"note": "审定"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "designation.proposer_approves"
    assert "钟科长" in refused.json()["error"]["message"]
    fits(spec, "/api/evaluation/programmes/{programme_id}/approve", refused)
    english = officer.post(
        f"{base}/approve",
        data=json.dumps({"note": "ok"}),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert english.json()["error"]["message"].startswith("You proposed this shortlist")
    approved = post(client_of(other), f"{base}/approve", {"note": "区评审委员会审定"})
    assert approved.status_code == 200 and approved.json()["approved_by"] == "钟科长"
    assert approved.json()["proposed_by"] == "孙处长"


def test_every_designation_write_is_in_the_schema(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for template in (
        "/api/evaluation/programmes/{programme_id}/cases",
        "/api/evaluation/programmes/{programme_id}/cases/with-attachments",
        "/api/evaluation/cases/{case_id}/withdraw",
        "/api/evaluation/cases/{case_id}/experts",
        "/api/evaluation/cases/{case_id}/site-visits",
        "/api/evaluation/cases/{case_id}/review",
        "/api/evaluation/programmes/{programme_id}/open",
        "/api/evaluation/programmes/{programme_id}/close",
        "/api/evaluation/programmes/{programme_id}/shortlist",
        "/api/evaluation/programmes/{programme_id}/approve",
        "/api/evaluation/programmes/{programme_id}/return",
        "/api/evaluation/programmes/{programme_id}/publish",
    ):
        responses = paths[template]["post"]["responses"]
        assert {"400", "403", "404"} <= set(responses), template
    body = paths["/api/evaluation/programmes/{programme_id}/cases/with-attachments"]["post"]["requestBody"]
    assert "multipart/form-data" in body["content"]
