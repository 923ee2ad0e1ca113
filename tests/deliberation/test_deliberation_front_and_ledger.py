"""What deliberation adds to the front pages (what awaits me, a community's public page), the ledger of meetings,
and the demo."""

import datetime
import io
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from tests.deliberation.conftest import Compound, MeetingBuilder, actor
from tests.fixtures import Cast, World
from yishi.audit.models import AuditRecord
from yishi.deliberation import actions, events, hooks
from yishi.deliberation.models import Hall, Meeting, Outcome, Post
from yishi.disclosure.ledgers import build_workbook
from yishi.disclosure.models import Notice, NoticeKind
from yishi.matters.models import MatterEvent, MatterStatus, Notification
from yishi.people.permissions import today
from yishi.web.awaiting import awaiting_for

pytestmark = pytest.mark.django_db


def _titles(user: object) -> list[str]:
    return [str(item.title) for item in awaiting_for(user)]


def test_invitations_await_the_invited(cast: Cast, compound: Compound, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("convened")
    items = [item for item in awaiting_for(compound.owners_committee) if item.url == meeting.get_absolute_url()]
    assert len(items) == 1 and meeting.title in str(items[0].title) and items[0].due
    assert not [item for item in awaiting_for(compound.neighbour) if item.url == meeting.get_absolute_url()]


def test_outcomes_await_the_party_secretary_and_sent_back_ones_the_chair(
    cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    assert any("1项协商意见待审核" in title for title in _titles(cast.secretary))
    assert not any("待审核" in title for title in _titles(cast.director))
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=False, reasons="补充")
    assert any(outcome.subject in title and "修改" in title for title in _titles(cast.director))
    assert not any("待审核" in title for title in _titles(cast.secretary))


def test_reported_posts_await_moderators(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="广告", position="oppose")
    actions.report_post(actor=actor(cast.resident), post=post, reason="广告")
    assert any("1条被举报的发言" in title for title in _titles(cast.director))
    assert not any("举报" in title for title in _titles(cast.resident))
    client.force_login(cast.director)
    body = client.get("/deliberation/").content.decode()
    assert f"#post-{post.pk}" in body
    actions.dismiss_reports(actor=actor(cast.director), post=post)
    assert not any("举报" in title for title in _titles(cast.director))


def test_the_community_page_shows_coming_meetings_and_published_outcomes(
    client: Client,
    world: World,
    cast: Cast,
    compound_meeting: MeetingBuilder,
    submitted_outcome: Callable[..., Outcome],
) -> None:
    coming = compound_meeting("convened", title="下周协调会")
    outcome = submitted_outcome()
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    body = client.get(f"/c/{world.community.pk}/").content.decode()
    assert coming.title in body
    assert outcome.notice is not None and outcome.notice.get_absolute_url() in body
    assert "业委会孙" not in body


def test_the_outcome_notice_is_on_the_public_board(
    client: Client, world: World, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    notice = Notice.objects.get(kind=NoticeKind.DELIBERATION_OUTCOME)
    board = client.get(f"/disclosure/c/{world.community.pk}/").content.decode()
    assert notice.title in board
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "太阳能路灯" in page and outcome.get_absolute_url() in page


def test_the_ledger_lists_the_meetings(cast: Cast, world: World, submitted_outcome: Callable[..., Outcome]) -> None:
    outcome = submitted_outcome()
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    headers, rows = hooks.meetings_sheet(
        world.community, today() - datetime.timedelta(days=1), today() + datetime.timedelta(days=7)
    )
    rows = list(rows)
    assert len(rows) == 1
    assert headers[2] == "标题" and headers[8] == "席位"
    assert rows[0][2] == outcome.meeting.title and rows[0][8] == 6 and rows[0][11] == 1
    notice = Notice.objects.get(kind=NoticeKind.DELIBERATION_OUTCOME)
    assert rows[0][12] == notice.number
    workbook = load_workbook(io.BytesIO(build_workbook(world.community, today(), today() + datetime.timedelta(days=7))))
    assert "议事协商会议" in workbook.sheetnames
    empty_headers, empty_rows = hooks.meetings_sheet(
        world.community, datetime.date(2020, 1, 1), datetime.date(2020, 1, 31)
    )
    assert list(empty_rows) == [] and len(empty_headers) == 13


def test_the_demo_seeds_meetings_of_each_kind_and_hall_discussions(db: None) -> None:
    call_command("seed_demo", scale="tiny", stdout=StringIO())
    kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert kinds == {"deliberation", "hearing", "coordination", "review"}
    assert Meeting.objects.filter(is_dialogue=True).exists()
    assert Meeting.objects.filter(status="convened").exists()
    assert Meeting.objects.filter(seat_template="compound_5n", status="ended").exists()
    assert {outcome.status for outcome in Outcome.objects.all()} >= {"approved", "submitted", "sent_back"}
    approved = Outcome.objects.filter(status="approved", matter__isnull=False).first()
    assert approved is not None and approved.notice is not None and approved.dissents.exists()
    # Approval moved the matter on to implementing (later apps' demos may carry it further).
    assert MatterEvent.objects.filter(
        matter_id=approved.matter_id, kind=events.OUTCOME_APPROVED, status_to=MatterStatus.IMPLEMENTING
    ).exists()
    assert Post.objects.filter(hidden_at__isnull=False).exists()
    assert Post.objects.filter(channel="assisted").exists()
    assert Hall.objects.filter(summaries__isnull=False).exists()
    assert AuditRecord.objects.filter(verb="demo.seed", changes__has_key="hall_posts").exists()
    # The demo sends no text messages but sign-in codes.
    assert not Notification.objects.filter(wants_sms=True, sms_skipped="").exists()
