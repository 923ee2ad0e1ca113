"""Minutes, the agreed outcome, dissent, the party organisation's review and the publication of the outcome."""

from collections.abc import Callable

import pytest
from django.core import mail  # noqa: F401 - keeps Django's test mail backend in place

from tests.deliberation.conftest import Compound, MeetingBuilder, actor
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.deliberation import actions, events
from yishi.deliberation.models import MinutesEntry, Outcome, OutcomeReview
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.matters.models import Matter, MatterEvent, MatterStatus, Notification

pytestmark = pytest.mark.django_db


def test_minutes_record_speaker_seat_and_agenda_item(
    cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    item = meeting.agenda_items.get()
    entry = actions.add_minutes_entry(
        actor=actor(cast.director),
        meeting=meeting,
        speaker=compound.owners_committee.person,
        agenda_item=item,
        summary="业委会同意从公共收益列支，但要公开报价。",
    )
    assert (entry.position, entry.speaker_name, entry.speaker_seat) == (1, "业委会孙", "owners_committee")
    guest = actions.add_minutes_entry(
        actor=actor(cast.director), meeting=meeting, speaker_name="  街道城管  科 ", summary="可协调路灯维修队。"
    )
    assert (guest.position, guest.speaker_name, guest.speaker_seat) == (2, "街道城管 科", "")
    assert AuditRecord.objects.filter(verb="meeting.minutes_add", target_id=str(meeting.pk)).count() == 2


@pytest.mark.parametrize(
    ("speaker_name", "summary", "code"),
    [
        ("", "说了话", "minutes_speaker_empty"),
        ("某人", "   ", "minutes_summary_empty"),
        ("某人", "长" * 5001, "minutes_summary_long"),
    ],
)
def test_bad_minutes_are_refused_and_nothing_is_written(
    cast: Cast, compound_meeting: MeetingBuilder, speaker_name: str, summary: str, code: str
) -> None:
    meeting = compound_meeting("in_session")
    with pytest.raises(ActionError) as refused:
        actions.add_minutes_entry(
            actor=actor(cast.director), meeting=meeting, speaker_name=speaker_name, summary=summary
        )
    assert refused.value.code == code
    assert not MinutesEntry.objects.exists()


def test_minutes_wait_until_the_meeting_opens(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("convened")
    with pytest.raises(ActionError) as refused:
        actions.add_minutes_entry(actor=actor(cast.director), meeting=meeting, speaker_name="某人", summary="发言")
    assert refused.value.code == "meeting_status"


def test_outcome_with_dissent_is_submitted_and_reviewers_are_told(
    cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    assert outcome.status == "submitted" and outcome.submitted_at is not None
    assert outcome.dissents.get().name == "业委会孙"
    assert outcome.dissents.get().seat_category == "owners_committee"
    secretary_note = Notification.objects.get(person=cast.secretary.person)
    assert "协商意见" in secretary_note.title or "审核" in secretary_note.title
    assert secretary_note.url == outcome.get_absolute_url()
    assert MatterEvent.objects.filter(matter=outcome.matter, kind=events.OUTCOME_SUBMITTED, is_public=False).exists()


def test_submitting_before_the_meeting_ends_is_refused(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    outcome = actions.record_outcome(
        actor=actor(cast.director),
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(),
        text="加装路灯",
        route="implementation",
    )
    with pytest.raises(ActionError) as refused:
        actions.submit_outcome(actor=actor(cast.director), outcome=outcome)
    assert refused.value.code == "outcome_meeting_not_ended"
    outcome.refresh_from_db()
    assert outcome.status == "draft"


def test_xs5_a_legally_required_vote_cannot_be_skipped(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    with pytest.raises(ActionError) as refused:
        actions.record_outcome(
            actor=actor(cast.director),
            meeting=meeting,
            agenda_item=meeting.agenda_items.get(),
            text="使用专项维修资金更换电梯",
            route="implementation",
            vote_required=True,
        )
    assert refused.value.code == "outcome.vote_required"
    assert refused.value.field == "route"
    assert "协商不能代替法定表决" in str(refused.value.message)
    assert not Outcome.objects.exists()


def test_one_outcome_per_agenda_item_and_the_item_is_required(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    with pytest.raises(ActionError) as missing:
        actions.record_outcome(actor=actor(cast.director), meeting=meeting, text="加装路灯", route="implementation")
    assert missing.value.code == "outcome_agenda_item_required"
    item = meeting.agenda_items.get()
    actions.record_outcome(
        actor=actor(cast.director), meeting=meeting, agenda_item=item, text="加装", route="no_action"
    )
    with pytest.raises(ActionError) as twice:
        actions.record_outcome(
            actor=actor(cast.director), meeting=meeting, agenda_item=item, text="再加", route="no_action"
        )
    assert twice.value.code == "outcome_duplicate"


def test_approval_publishes_the_outcome_and_moves_the_matter_to_implementing(
    cast: Cast, compound: Compound, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    Notification.objects.all().delete()
    review = actions.review_outcome(actor=actor(cast.secretary, "party_secretary"), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    assert review.decision == "approve" and review.version == 1 and review.text_reviewed == outcome.text
    assert outcome.status == "approved" and outcome.approved_at is not None
    notice = outcome.notice
    assert notice is not None
    assert notice.kind == NoticeKind.DELIBERATION_OUTCOME and notice.status == NoticeStatus.PUBLISHED
    assert notice.community_id == outcome.meeting.community_id and notice.place_id == outcome.meeting.place_id
    assert notice.source_url == outcome.get_absolute_url()
    assert "太阳能路灯" in notice.body
    # The dissent is published by what was held and the seat, not by the dissenter's name (PI-1).
    assert "应先比较三家报价再定" in notice.body
    assert "业委会孙" not in notice.body
    assert "业主委员会成员" in notice.body
    matter = Matter.objects.get(pk=outcome.matter_id)
    assert matter.status == MatterStatus.IMPLEMENTING
    public = MatterEvent.objects.get(matter=matter, kind=events.OUTCOME_APPROVED)
    assert public.is_public and public.notice_id == notice.pk and public.status_to == MatterStatus.IMPLEMENTING
    internal = MatterEvent.objects.get(matter=matter, status_to=MatterStatus.OUTCOME_REVIEWED)
    assert not internal.is_public
    # The proposer hears once (the public step), not once per status.
    assert Notification.objects.filter(person=cast.resident.person, matter=matter).count() == 1
    assert AuditRecord.objects.filter(verb="outcome.approve", target_id=str(outcome.pk)).exists()
    assert AuditRecord.objects.filter(verb="notice.publish", target_id=str(notice.pk)).exists()


@pytest.mark.parametrize(
    ("route", "vote_required", "status"),
    [
        ("decision", True, MatterStatus.DECIDING),
        ("decision", False, MatterStatus.DECIDING),
        ("no_action", False, MatterStatus.CLOSED),
    ],
)
def test_the_route_decides_where_the_matter_goes(
    cast: Cast, submitted_outcome: Callable[..., Outcome], route: str, vote_required: bool, status: str
) -> None:
    outcome = submitted_outcome(route=route, vote_required=vote_required)
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    assert Matter.objects.get(pk=outcome.matter_id).status == status


def test_send_back_needs_reasons_then_revision_and_resubmission(
    cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    with pytest.raises(ActionError) as no_reason:
        actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=False, reasons="  ")
    assert no_reason.value.code == "review.reasons_required" and no_reason.value.field == "reasons"
    assert not OutcomeReview.objects.exists()
    actions.review_outcome(
        actor=actor(cast.secretary), outcome=outcome, approve=False, reasons="请写明资金来源和完成时限的责任人。"
    )
    outcome.refresh_from_db()
    assert outcome.status == "sent_back" and outcome.notice is None
    assert Matter.objects.get(pk=outcome.matter_id).status == MatterStatus.DELIBERATING
    assert MatterEvent.objects.filter(matter=outcome.matter, kind=events.OUTCOME_SENT_BACK, is_public=False).exists()
    assert Notification.objects.filter(person=cast.director.person, title__contains="退回").exists()
    with pytest.raises(ActionError) as twice:
        actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    assert twice.value.code == "outcome.transition_not_allowed"

    revised = actions.revise_outcome(
        actor=actor(cast.director),
        outcome=outcome,
        text="由物业在两周内加装两盏太阳能路灯，费用从公共收益列支，业委会主任负责验收。",
        route="implementation",
        vote_required=False,
    )
    assert revised.version == 2 and revised.status == "sent_back"
    actions.revise_outcome(
        actor=actor(cast.director),
        outcome=outcome,
        text=revised.text + "。",
        route="implementation",
        vote_required=False,
    )
    outcome.refresh_from_db()
    assert outcome.version == 2  # one new version per send-back, however often it is edited
    actions.submit_outcome(actor=actor(cast.director), outcome=outcome)
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    assert outcome.status == "approved"
    assert list(outcome.reviews.values_list("version", "decision")) == [(1, "send_back"), (2, "approve")]
    assert "业委会主任负责验收" in Notice.objects.get(pk=outcome.notice_id).body


def test_an_approved_outcome_is_never_changed(cast: Cast, submitted_outcome: Callable[..., Outcome]) -> None:
    outcome = submitted_outcome()
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    with pytest.raises(ActionError) as refused:
        actions.revise_outcome(
            actor=actor(cast.director), outcome=outcome, text="改", route="no_action", vote_required=False
        )
    assert refused.value.code == "outcome.not_revisable"
    with pytest.raises(ActionError):
        actions.record_dissent(actor=actor(cast.director), outcome=outcome, name="某人", text="反对")


@pytest.mark.parametrize("reviewer", ["director", "supervisor", "branch_secretary", "street_officer", "resident"])
def test_only_the_community_party_secretary_reviews(
    cast: Cast, compound: Compound, submitted_outcome: Callable[..., Outcome], reviewer: str
) -> None:
    outcome = submitted_outcome()
    user = compound.branch_secretary if reviewer == "branch_secretary" else getattr(cast, reviewer)
    with pytest.raises(NotPermitted):
        actions.review_outcome(actor=actor(user), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    assert outcome.status == "submitted"
    assert not Notice.objects.filter(kind=NoticeKind.DELIBERATION_OUTCOME).exists()


def test_published_outcome_masks_a_full_phone_number(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    outcome = actions.record_outcome(
        actor=actor(cast.director),
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(),
        text="有问题请联系物业周经理 13912345678。",
        route="implementation",
    )
    actions.end_meeting(actor=actor(cast.director), meeting=meeting)
    actions.submit_outcome(actor=actor(cast.director), outcome=outcome)
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    body = Notice.objects.get(kind=NoticeKind.DELIBERATION_OUTCOME).body
    assert "13912345678" not in body and "139****5678" in body


def test_standalone_review_meeting_outcome(world: World, cast: Cast, compound: Compound) -> None:
    chair = actor(cast.director)
    from tests.deliberation.conftest import meeting_facts

    meeting = actions.create_meeting(
        actor=chair,
        facts=meeting_facts(world.community, kind="review", title="社区年度为民办实事评议会", scheduling="ad_hoc"),
    )
    actions.add_seat(actor=chair, meeting=meeting, person=cast.director.person, category="two_committees")
    actions.open_meeting(actor=chair, meeting=meeting)
    outcome = actions.record_outcome(actor=chair, meeting=meeting, text="评议结果：满意。", route="no_action")
    actions.end_meeting(actor=chair, meeting=meeting)
    actions.submit_outcome(actor=chair, outcome=outcome)
    actions.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    assert outcome.matter is None and outcome.notice is not None
    assert outcome.subject == "社区年度为民办实事评议会"
    assert "评议会" in outcome.notice.body
