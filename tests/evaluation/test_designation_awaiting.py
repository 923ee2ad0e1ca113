"""What awaits each person of the designation programme on their home page: the expert's cases to review, the unit's
case to submit while the programme is open, the district officer's shortlist to approve (never to its proposer while
another officer can approve it)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.evaluation.designation_helpers import TODAY, all_dimensions, expert, open_programme, submit
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import Programme
from yishi.evaluation.hooks import designation_awaiting
from yishi.web.awaiting import awaiting_for

pytestmark = pytest.mark.django_db


def titles(user: User) -> list[str]:
    with translation.override("zh-hans"):
        return [str(item.title) for item in designation_awaiting(user)]


def second_officer(world: World) -> User:
    person = make_person("钟科长")
    give_role(person, "district_officer", world.district)
    return make_user(person, username="second-officer")


def reviewing(world: World, cast: Cast) -> Programme:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=officer, programme=programme)
    actions.assign_experts(actor=officer, submission=case, experts=[cast.expert])
    return programme


def test_an_expert_sees_the_cases_assigned_to_them_until_they_score_them(world: World, cast: Cast) -> None:
    programme = reviewing(world, cast)
    title = f"1 个案例待评审:{programme.title}"
    assert titles(cast.expert) == [title]
    item = designation_awaiting(cast.expert)[0]
    assert item.url == reverse("evaluation:programmes") and item.due == f"{programme.review_ends_on:%Y-%m-%d}"
    assert titles(expert("孔教授", world)) == []  # not assigned
    case = programme.submissions.get()
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "80"))
    assert titles(cast.expert) == []


def test_nothing_to_review_before_the_review_opens(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.assign_experts(actor=Actor(user=cast.district_officer), submission=case, experts=[cast.expert])
    assert titles(cast.expert) == []


def test_a_unit_sees_its_case_to_submit_until_it_submits_or_the_programme_closes(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    closing = f"{programme.submissions_close_on:%Y-%m-%d}"
    assert titles(cast.secretary) == [f"幸福社区的案例待申报:{programme.title}(申报截止 {closing})"]
    item = designation_awaiting(cast.secretary)[0]
    assert item.url == reverse("evaluation:programme_submit", args=[programme.pk]) and item.due == closing
    assert titles(cast.director) == titles(cast.secretary)  # the same committee
    assert titles(cast.street_officer) == [f"东湖街道的案例待申报:{programme.title}(申报截止 {closing})"]
    assert titles(cast.resident) == [] and titles(cast.expert) == [] and titles(cast.district_officer) == []
    submit(programme, cast.secretary, world.community)
    assert titles(cast.secretary) == [] and titles(cast.director) == []
    assert titles(cast.street_officer) != []  # the street's own case is still to come
    Programme.objects.filter(pk=programme.pk).update(
        submissions_close_on=TODAY - datetime.timedelta(days=2),
        submissions_open_on=TODAY - datetime.timedelta(days=3),
    )
    assert titles(cast.street_officer) == []  # past its closing day


def test_nothing_to_submit_to_a_programme_in_draft(world: World, cast: Cast) -> None:
    from tests.evaluation.designation_helpers import programme_draft

    actions.create_programme(actor=Actor(user=cast.district_officer), district=world.district, draft=programme_draft())
    assert titles(cast.secretary) == []


def test_the_shortlist_waits_for_an_officer_who_did_not_propose_it(world: World, cast: Cast) -> None:
    programme = reviewing(world, cast)
    other = second_officer(world)
    case = programme.submissions.get()
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    assert titles(cast.district_officer) == [] and titles(other) == []
    actions.propose_shortlist(actor=Actor(user=cast.district_officer), programme=programme)
    waiting = f"{programme.title}的推荐名单待审定"
    assert titles(other) == [waiting]
    assert designation_awaiting(other)[0].url == reverse("evaluation:programme_ranking", args=[programme.pk])
    assert titles(cast.district_officer) == []  # the proposer: another officer approves
    assert titles(cast.street_officer) == [] and titles(cast.expert) == []
    actions.approve_shortlist(actor=Actor(user=other), programme=programme, note="区评审委员会审定")
    assert titles(other) == []


def test_the_only_officer_of_a_district_sees_the_shortlist_they_proposed(world: World, cast: Cast) -> None:
    programme = reviewing(world, cast)
    case = programme.submissions.get()
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    actions.propose_shortlist(actor=Actor(user=cast.district_officer), programme=programme)
    assert titles(cast.district_officer) == [f"{programme.title}的推荐名单待审定"]


def test_the_home_page_shows_the_items(world: World, cast: Cast) -> None:
    programme = reviewing(world, cast)
    assert any(item.url == reverse("evaluation:programmes") for item in awaiting_for(cast.expert))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(cast.expert)
    page = client.get(reverse("web:home")).content.decode()
    assert f"1 个案例待评审:{programme.title}" in page and "专家评审" in page


def test_anonymous_visitors_have_nothing(world: World, cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    reviewing(world, cast)
    assert designation_awaiting(AnonymousUser()) == []
