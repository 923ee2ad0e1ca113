"""Separation of duties: the officer who proposed a shortlist does not approve it while another programme officer of
the district can; the page says who approves instead, and the district's only officer may approve their own proposal,
which the record then states. Also: the case library pages through its results keeping the search."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.evaluation.designation_helpers import all_dimensions, open_programme, submit
from tests.evaluation.test_designation_query_counts import grow
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.errors import NotPermitted
from yishi.audit.models import AuditRecord
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import Programme, ProgrammeStage
from yishi.evaluation.designation_views import LIBRARY_PAGE_SIZE

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def shortlisted(world: World, cast: Cast) -> Programme:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=officer, programme=programme)
    actions.assign_experts(actor=officer, submission=case, experts=[cast.expert])
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    actions.propose_shortlist(actor=officer, programme=programme)
    programme.refresh_from_db()
    return programme


def officer_named(world: World, name: str, username: str, *, role: str = "district_officer") -> User:
    person = make_person(name)
    give_role(person, role, world.district)
    return make_user(person, username=username)


def test_the_proposer_is_refused_and_told_who_approves(world: World, cast: Cast) -> None:
    programme = shortlisted(world, cast)
    officer_named(world, "钟科长", "second-officer")
    with pytest.raises(NotPermitted) as refusal:
        actions.approve_shortlist(actor=Actor(user=cast.district_officer), programme=programme, note="审定")
    assert refusal.value.code == "designation.proposer_approves"
    with translation.override("zh-hans"):
        message = str(refusal.value.message)
    assert "由本区另一位评选工作人员审定(钟科长)" in message and "拟定名单的人不同时审定" in message
    assert Programme.objects.get().stage == ProgrammeStage.SHORTLISTED
    assert not AuditRecord.objects.filter(verb="evaluation.programme.approve").exists()


def test_another_officer_approves_and_the_record_is_plain(world: World, cast: Cast) -> None:
    programme = shortlisted(world, cast)
    other = officer_named(world, "钟科长", "second-officer")
    approved = actions.approve_shortlist(actor=Actor(user=other), programme=programme, note="区评审委员会审定")
    assert approved.stage == ProgrammeStage.APPROVED and approved.approved_by == other
    record = AuditRecord.objects.get(verb="evaluation.programme.approve")
    assert "approved_by_proposer" not in record.changes


def test_the_only_officer_approves_their_own_proposal_and_the_record_says_so(world: World, cast: Cast) -> None:
    programme = shortlisted(world, cast)
    # A former officer does not count.
    gone = make_person("离任处长")
    give_role(gone, "district_officer", world.district, ends_on=datetime.date(2021, 1, 1))
    make_user(gone, username="former")
    page = client_for(cast.district_officer).get(reverse("evaluation:programme_ranking", args=[programme.pk]))
    body = page.content.decode()
    assert 'id="approval-alone"' in body and "本区唯一的评选工作人员" in body and "审定推荐名单" in body
    approved = actions.approve_shortlist(actor=Actor(user=cast.district_officer), programme=programme, note="审定")
    assert approved.stage == ProgrammeStage.APPROVED
    record = AuditRecord.objects.get(verb="evaluation.programme.approve")
    assert record.changes["approved_by_proposer"] == [None, True]


def test_the_ranking_page_hides_the_approval_from_the_proposer(world: World, cast: Cast) -> None:
    programme = shortlisted(world, cast)
    other = officer_named(world, "钟科长", "second-officer")
    url = reverse("evaluation:programme_ranking", args=[programme.pk])
    mine = client_for(cast.district_officer).get(url).content.decode()
    assert 'id="approval-by-another"' in mine and "钟科长" in mine
    assert 'id="id_approve_note"' not in mine
    assert "孙处长" in mine  # who proposed it
    theirs = client_for(other).get(url).content.decode()
    assert 'id="id_approve_note"' in theirs and 'id="approval-by-another"' not in theirs
    # Posting anyway: a 403 page with the reason, nothing approved.
    response = client_for(cast.district_officer).post(
        reverse("evaluation:programme_step", args=[programme.pk, "approve"]), {"note": "审定"}
    )
    assert response.status_code == 403 and "拟定名单的人不同时审定" in response.content.decode()
    assert Programme.objects.get().stage == ProgrammeStage.SHORTLISTED
    response = client_for(other).post(
        reverse("evaluation:programme_step", args=[programme.pk, "approve"]), {"note": "区评审委员会审定"}
    )
    assert response.status_code == 302 and Programme.objects.get().stage == ProgrammeStage.APPROVED


def test_the_library_pages_through_results_keeping_the_search(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    Programme.objects.filter(pk=programme.pk).update(stage=ProgrammeStage.PUBLISHED)
    programme.refresh_from_db()
    grow(world, programme, cast.secretary, [cast.expert], LIBRARY_PAGE_SIZE + 3)
    reader = client_for(None)
    url = reverse("evaluation:library")
    first = reader.get(url, {"q": "电梯", "theme": "renewal"}).content.decode()
    assert f"{LIBRARY_PAGE_SIZE + 3} 个案例" in first and "第 1 页,共 2 页" in first
    assert len(re.findall(r'href="/evaluation/library/\d+/"', first)) == LIBRARY_PAGE_SIZE
    link = "/evaluation/library/?q=%E7%94%B5%E6%A2%AF&amp;theme=renewal&amp;page=2"
    assert f'href="{link}"' in first and f'hx-get="{link}"' in first and 'hx-target="#library-results"' in first
    second = reader.get(url, {"q": "电梯", "theme": "renewal", "page": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<main" not in second and "第 2 页,共 2 页" in second and "page=1" in second
    assert len(re.findall(r'href="/evaluation/library/\d+/"', second)) == 3
    assert "第 1 页,共 1 页" not in reader.get(url, {"theme": "rural"}).content.decode()


def test_a_street_designation_shows_on_its_communities_as_the_streets(world: World, cast: Cast) -> None:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    case = submit(
        programme, cast.street_officer, world.street, kind="base", theme="deliberation", title="街道四级议事体系"
    )
    actions.close_submissions(actor=officer, programme=programme)
    actions.assign_experts(actor=officer, submission=case, experts=[cast.expert])
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    actions.propose_shortlist(actor=officer, programme=programme)
    actions.approve_shortlist(actor=officer, programme=programme, note="审定")
    actions.publish_designations(actor=officer, programme=programme)
    page = client_for(None).get(reverse("web:community", args=[world.community.pk])).content.decode()
    assert '<span class="badge ok">东湖街道:创新实践基地</span>' in page
    assert f"本社区所在的东湖街道于 {programme.year} 年被命名为创新实践基地(命名属于街道,不是本社区)。" in page
    other = client_for(None).get(reverse("web:community", args=[world.other_community.pk])).content.decode()
    assert "东湖街道:创新实践基地" not in other  # 和平社区 is of 西湖街道
