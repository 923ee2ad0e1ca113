"""The deliberation pages: who sees what, forms that refuse bad input without writing, and list pages whose query
count does not grow with the number of rows."""

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.deliberation.conftest import Compound, MeetingBuilder, actor
from tests.fixtures import Cast, World
from yishi.deliberation import actions, links
from yishi.deliberation.models import Hall, Meeting, MinutesEntry, Outcome, Seat
from yishi.matters.models import Matter

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_index_and_meetings_list_are_public_and_name_no_one(
    client: Client, world: World, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("convened")
    assert client.get(reverse("deliberation:index")).status_code == 200
    body = client.get(reverse("deliberation:meetings", args=[world.community.pk])).content.decode()
    assert meeting.title in body and "李主任" not in body
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert meeting.title in public
    for name in ("李主任", "业委会孙", "刘先生"):
        assert name not in public


def test_participants_and_staff_see_names(
    client: Client, cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("convened")
    for user in (cast.resident, compound.owners_committee, cast.director, cast.secretary, cast.supervisor):
        client.force_login(user)
        assert "业委会孙" in client.get(meeting.get_absolute_url()).content.decode(), user
    client.force_login(compound.neighbour)  # lives there but has no seat
    assert "业委会孙" not in client.get(meeting.get_absolute_url()).content.decode()


def test_meetings_list_query_count_is_constant(
    client: Client, world: World, cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    compound_meeting("convened")
    url = reverse("deliberation:meetings", args=[world.community.pk]) + "?show=all"
    client.force_login(cast.director)
    few = _queries(client, url)
    for number in range(4):
        compound_meeting("convened", title=f"第{number}次议事")
    assert _queries(client, url) == few


def test_hall_query_count_is_constant(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    for number in range(2):
        post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text=f"意见{number}", position="support")
        actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="回复", parent=post)
    url = reverse("deliberation:hall", args=[hall.matter_id])
    client.force_login(cast.director)
    few = _queries(client, url)
    for number in range(6):
        post = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text=f"更多{number}", position="oppose")
        actions.report_post(actor=actor(cast.resident), post=post, reason="测试")
        actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="回复", parent=post)
    assert _queries(client, url) == few


def test_review_queue_query_count_is_constant(
    client: Client,
    world: World,
    cast: Cast,
    submitted_outcome: Callable[..., Outcome],
    compound_meeting: MeetingBuilder,
) -> None:
    submitted_outcome()
    url = reverse("deliberation:reviews")
    client.force_login(cast.secretary)
    few = _queries(client, url)
    for number in range(3):
        meeting = compound_meeting("in_session", title=f"另一场{number}")
        outcome = actions.record_outcome(
            actor=actor(cast.director),
            meeting=meeting,
            agenda_item=meeting.agenda_items.get(),
            text="意见",
            route="no_action",
        )
        actions.end_meeting(actor=actor(cast.director), meeting=meeting)
        actions.submit_outcome(actor=actor(cast.director), outcome=outcome)
    assert _queries(client, url) == few


def test_meeting_page_query_count_is_constant(
    client: Client, cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    client.force_login(cast.director)
    few = _queries(client, meeting.get_absolute_url())
    for number in range(5):
        actions.add_minutes_entry(
            actor=actor(cast.director), meeting=meeting, speaker_name=f"发言人{number}", summary="发言"
        )
        actions.sign_in_for(
            actor=actor(cast.director), meeting=meeting, person=Seat.objects.filter(meeting=meeting)[number].person
        )
    assert _queries(client, meeting.get_absolute_url()) == few


def test_the_review_queue_is_the_party_secretarys(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    client.force_login(cast.director)
    assert client.get(reverse("deliberation:reviews")).status_code == 403
    client.force_login(cast.secretary)
    body = client.get(reverse("deliberation:reviews")).content.decode()
    assert outcome.subject in body


def test_create_a_meeting_through_the_form(client: Client, world: World, cast: Cast, micro_matter: Matter) -> None:
    url = reverse("deliberation:new_meeting", args=[world.community.pk])
    client.force_login(cast.resident)
    assert client.get(url).status_code == 403
    client.force_login(cast.director)
    prefilled = client.get(url, {"matter": micro_matter.pk}).content.decode()
    assert micro_matter.title in prefilled
    data = {
        "place": world.compound.pk,
        "kind": "deliberation",
        "title": "",
        "scheduling": "scheduled",
        "venue": "room",
        "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "matters": [micro_matter.pk],
    }
    assert client.post(url, data).status_code == 400
    assert not Meeting.objects.exists()
    data["title"] = "路灯议事会"
    data["is_dialogue"] = "on"
    data["kind"] = "hearing"
    refused = client.post(url, data)
    assert refused.status_code == 400 and "民主恳谈会" in refused.content.decode()
    data["kind"] = "deliberation"
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("deliberation:seats", args=[meeting.pk])
    assert meeting.is_dialogue and meeting.agenda_items.get().matter_id == micro_matter.pk


def test_seats_page_suggests_from_roles_and_seats_people(
    client: Client, cast: Cast, compound: Compound, micro_matter: Matter, world: World
) -> None:
    meeting = actions.create_meeting(
        actor=actor(cast.director),
        facts=actions.MeetingFacts(
            place=world.compound,
            kind="deliberation",
            title="议事",
            starts_at=timezone.now() + datetime.timedelta(days=1),
        ),
        matters=[micro_matter],
    )
    url = reverse("deliberation:seats", args=[meeting.pk])
    client.force_login(cast.director)
    body = client.get(url).content.decode()
    for name in ("李主任", "王书记", "党员老赵", "业委会孙", "物业周经理", "社工站吴"):
        assert name in body, name
    assert "刘先生" in body  # the matter's proposer, first among the stakeholders
    response = client.post(url, {"person": compound.owners_committee.person.pk, "category": "owners_committee"})
    assert response.status_code == 302
    refused = client.post(url, {"person": compound.outsider.person.pk, "category": "stakeholders"})
    assert refused.status_code == 400
    assert list(meeting.seats.values_list("category", flat=True)) == ["owners_committee"]
    assert "外人冯" not in client.get(url, {"q": "外人"}).content.decode()


def test_convening_with_empty_seats_shows_the_refusal(
    client: Client, cast: Cast, world: World, micro_matter: Matter
) -> None:
    meeting = actions.create_meeting(
        actor=actor(cast.director),
        facts=actions.MeetingFacts(
            place=world.compound,
            kind="deliberation",
            title="议事",
            starts_at=timezone.now() + datetime.timedelta(days=1),
        ),
        matters=[micro_matter],
    )
    actions.add_seat(
        actor=actor(cast.director), meeting=meeting, person=cast.director.person, category="two_committees"
    )
    client.force_login(cast.director)
    response = client.post(reverse("deliberation:convene", args=[meeting.pk]))
    assert response.status_code == 400
    assert "业主委员会成员" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_minutes_and_outcome_forms(
    client: Client, cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    item = meeting.agenda_items.get()
    client.force_login(cast.director)
    bad = client.post(reverse("deliberation:minutes_add", args=[meeting.pk]), {"minutes-summary": "说了"})
    assert bad.status_code == 400 and not MinutesEntry.objects.exists()
    ok = client.post(
        reverse("deliberation:minutes_add", args=[meeting.pk]),
        {
            "minutes-speaker": compound.owners_committee.person.pk,
            "minutes-agenda_item": item.pk,
            "minutes-summary": "同意",
        },
    )
    assert ok.status_code == 302 and MinutesEntry.objects.get().speaker_seat == "owners_committee"
    xs5 = client.post(
        reverse("deliberation:outcome_new", args=[meeting.pk]),
        {
            "outcome-agenda_item": item.pk,
            "outcome-text": "动用维修资金",
            "outcome-route": "implementation",
            "outcome-vote_required": "on",
        },
    )
    assert xs5.status_code == 400 and "协商不能代替法定表决" in xs5.content.decode()
    assert not Outcome.objects.exists()
    created = client.post(
        reverse("deliberation:outcome_new", args=[meeting.pk]),
        {"outcome-agenda_item": item.pk, "outcome-text": "加装路灯", "outcome-route": "implementation"},
    )
    outcome = Outcome.objects.get()
    assert created.status_code == 302 and created["Location"] == outcome.get_absolute_url()
    dissent = client.post(
        reverse("deliberation:dissent_add", args=[outcome.pk]),
        {"person": compound.owners_committee.person.pk, "text": "先比价"},
    )
    assert dissent.status_code == 302 and outcome.dissents.count() == 1
    early = client.post(reverse("deliberation:outcome_submit", args=[outcome.pk]))
    assert early.status_code == 400


def test_outcome_page_is_public_only_once_approved(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    url = outcome.get_absolute_url()
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(cast.villager)
    assert client.get(url).status_code == 404
    client.force_login(cast.secretary)
    page = client.get(url).content.decode()
    assert "业委会孙" in page and 'name="decision"' in page
    bad = client.post(
        reverse("deliberation:outcome_review", args=[outcome.pk]), {"decision": "send_back", "reasons": ""}
    )
    assert bad.status_code == 400
    approved = client.post(reverse("deliberation:outcome_review", args=[outcome.pk]), {"decision": "approve"})
    assert approved.status_code == 302
    client.logout()
    public = client.get(url).content.decode()
    assert "应先比较三家报价再定" in public and "业委会孙" not in public and "业主委员会成员" in public


def test_an_approved_outcome_leads_staff_to_the_vote(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    from yishi.decisions.actions import open_decision_for_matter

    outcome = submitted_outcome(route="decision", vote_required=True)
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    assert outcome.matter is not None
    # The decisions app registers its page: staff are offered the page drafting the matter's vote ...
    client.force_login(cast.director)
    drafting = f"/decisions/new/?matter={outcome.matter_id}"
    assert drafting in client.get(outcome.get_absolute_url()).content.decode()
    # ... a participant who is not staff (the resident in the stakeholder seat) is not.
    client.force_login(cast.resident)
    assert "/decisions/new/" not in client.get(outcome.get_absolute_url()).content.decode()
    # Once drafted, the link leads to the vote itself.
    vote = open_decision_for_matter(actor=actor(cast.director), matter=outcome.matter)
    assert links.decision_link(outcome.matter) == vote.get_absolute_url()


def test_english_pages(client: Client, cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("convened")
    client.force_login(cast.director)
    client.cookies["yishi_language"] = "en"
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Send the invitations" not in body and "Open the meeting" in body
    assert "Seats and attendance" in body


def test_revising_a_sent_back_outcome_through_the_form(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=False, reasons="请写明验收责任人")
    url = reverse("deliberation:outcome_edit", args=[outcome.pk])
    client.force_login(cast.resident)
    assert client.get(url).status_code == 403
    client.force_login(cast.director)
    assert "请写明验收责任人" in client.get(url).content.decode()
    empty = client.post(url, {"text": " ", "route": "implementation"})
    assert empty.status_code == 400
    saved = client.post(url, {"text": "加装路灯，业委会主任验收。", "route": "implementation"})
    assert saved.status_code == 302
    outcome.refresh_from_db()
    assert outcome.version == 2 and outcome.text == "加装路灯，业委会主任验收。"
    assert client.post(reverse("deliberation:outcome_submit", args=[outcome.pk])).status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == "submitted"
