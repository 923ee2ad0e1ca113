"""Meetings through the actions: preparing, seating, convening (invitations), opening, ending and cancelling."""

import datetime

import pytest
from django.utils import timezone

from tests.deliberation.conftest import Compound, MeetingBuilder, actor, fill_compound_seats, make_matter, meeting_facts
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.deliberation import actions, events
from yishi.deliberation.models import AgendaItem, Hall, Meeting, Seat
from yishi.matters.models import Matter, MatterEvent, MatterStatus, Notification

pytestmark = pytest.mark.django_db


def test_a_compound_meeting_starts_from_the_5n_template(world: World, cast: Cast, micro_matter: Matter) -> None:
    meeting = actions.create_meeting(
        actor=actor(cast.director), facts=meeting_facts(world.compound), matters=[micro_matter]
    )
    assert meeting.seat_template == "compound_5n"
    assert meeting.community_id == world.community.pk and meeting.status == "planned"
    assert list(meeting.agenda_items.values_list("matter_id", "title", "position")) == [
        (micro_matter.pk, micro_matter.title, 1)
    ]
    record = AuditRecord.objects.get(verb="meeting.create", target_id=str(meeting.pk))
    assert record.changes["agenda"] == [[], [micro_matter.pk]]
    village_meeting = actions.create_meeting(
        actor=actor(cast.village_head),
        facts=meeting_facts(world.village_group, title="一组机耕道民主恳谈会", is_dialogue=True),
    )
    assert village_meeting.seat_template == "village_group_4n" and village_meeting.form_label == "民主恳谈会"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": "   "}, "meeting_title_empty", "title"),
        ({"title": "长" * 151}, "meeting_title_long", "title"),
        ({"kind": "party"}, "meeting_kind_unknown", "kind"),
        ({"kind": "hearing", "is_dialogue": True}, "meeting.dialogue_kind", "is_dialogue"),
        ({"venue": "cafe"}, "meeting_venue_unknown", "venue"),
        ({"scheduling": "someday"}, "meeting_scheduling_unknown", "scheduling"),
        ({"starts_at": None}, "meeting_start_missing", "starts_at"),
        ({"seat_template": "9n"}, "seats.template_unknown", "seat_template"),
        ({"location": "长" * 201}, "meeting_location_long", "location"),
    ],
)
def test_bad_facts_are_refused_and_nothing_is_written(
    world: World, cast: Cast, changes: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(ActionError) as refused:
        actions.create_meeting(actor=actor(cast.director), facts=meeting_facts(world.compound, **changes))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Meeting.objects.exists()


def test_the_meeting_ends_after_it_starts(world: World, cast: Cast) -> None:
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ActionError) as refused:
        actions.create_meeting(
            actor=actor(cast.director), facts=meeting_facts(world.compound, starts_at=start, ends_at=start)
        )
    assert refused.value.code == "meeting_end_before_start"


def test_a_meeting_is_held_for_a_community_or_compound(world: World, cast: Cast) -> None:
    for place in (world.building, world.units[0]):
        with pytest.raises(ActionError) as refused:
            actions.create_meeting(actor=actor(cast.director), facts=meeting_facts(place))
        assert refused.value.code == "meeting_place_kind"


def test_agenda_matters_must_lie_within_the_meeting_and_be_deliberated(world: World, cast: Cast) -> None:
    small = make_matter(
        cast, world.community, title="社区活动室开放时间", triage_class="small", scope="whole_community"
    )
    with pytest.raises(ActionError) as outside:
        actions.create_meeting(actor=actor(cast.director), facts=meeting_facts(world.compound), matters=[small])
    assert outside.value.code == "agenda_matter_outside"
    answered = make_matter(cast, world.compound, title="楼道灯泡坏了", triage_class="urgent", scope="single_compound")
    Matter.objects.filter(pk=answered.pk).update(triage_class="direct_answer", status="answered_directly")
    answered.refresh_from_db()
    with pytest.raises(ActionError) as not_deliberated:
        actions.create_meeting(actor=actor(cast.director), facts=meeting_facts(world.compound), matters=[answered])
    assert not_deliberated.value.code == "agenda_matter_not_deliberated"
    assert not Meeting.objects.exists()


def test_agenda_items_are_added_and_removed_before_the_meeting_opens(
    world: World, cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting()
    other = make_matter(cast, world.compound, title="小区垃圾分类投放点", triage_class="micro")
    item = actions.add_agenda_item(actor=actor(cast.director), meeting=meeting, matter=other)
    assert item.position == 2 and item.title == other.title
    with pytest.raises(ActionError) as twice:
        actions.add_agenda_item(actor=actor(cast.director), meeting=meeting, matter=other)
    assert twice.value.code == "agenda_duplicate"
    topic = actions.add_agenda_item(actor=actor(cast.director), meeting=meeting, title="下季度议事安排")
    assert topic.matter is None and topic.position == 3
    actions.remove_agenda_item(actor=actor(cast.director), item=topic)
    assert meeting.agenda_items.count() == 2


def test_seats_refuse_unknown_categories_outsiders_and_duplicates(
    world: World, cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting()
    chair = actor(cast.director)
    with pytest.raises(ActionError) as unknown:
        actions.add_seat(actor=chair, meeting=meeting, person=cast.elder, category="resident_representatives")
    assert unknown.value.code == "seat_category_unknown"  # not a seat of the 5+N template
    with pytest.raises(ActionError) as outside:
        actions.add_seat(actor=chair, meeting=meeting, person=compound.outsider.person, category="stakeholders")
    assert outside.value.code == "seat_person_outside"
    guest = actions.add_seat(actor=chair, meeting=meeting, person=cast.street_officer.person, category="guests")
    assert guest.category == "guests"
    with pytest.raises(ActionError) as twice:
        actions.add_seat(actor=chair, meeting=meeting, person=cast.resident.person, category="two_committees")
    assert twice.value.code == "seat_duplicate"
    assert meeting.seats.count() == 7


def test_a_scheduled_meeting_is_convened_only_with_every_seat_filled(
    world: World, cast: Cast, compound: Compound, micro_matter: Matter
) -> None:
    chair = actor(cast.director)
    meeting = actions.create_meeting(actor=chair, facts=meeting_facts(world.compound), matters=[micro_matter])
    with pytest.raises(ActionError) as empty:
        actions.convene_meeting(actor=chair, meeting=meeting)
    assert empty.value.code == "meeting_no_seats"
    actions.add_seat(actor=chair, meeting=meeting, person=cast.director.person, category="two_committees")
    with pytest.raises(ActionError) as gaps:
        actions.convene_meeting(actor=chair, meeting=meeting)
    assert gaps.value.code == "meeting_seats_unfilled"
    assert "业主委员会成员" in str(gaps.value.message) or "owners'-committee" in str(gaps.value.message)
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not Notification.objects.filter(title__contains=meeting.title).exists()


def test_convening_invites_everyone_and_starts_the_matters_deliberation(
    cast: Cast, compound: Compound, compound_meeting: MeetingBuilder, django_capture_on_commit_callbacks: object
) -> None:
    meeting = compound_meeting()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        actions.convene_meeting(actor=actor(cast.director), meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "convened" and meeting.convened_at is not None and meeting.seat_warnings == []
    seats = list(meeting.seats.all())
    assert len(seats) == 6 and all(seat.invited_at is not None for seat in seats)
    invitations = Notification.objects.filter(url=meeting.get_absolute_url())
    assert invitations.count() == 6 and all(note.wants_sms for note in invitations)
    assert {note.person_id for note in invitations} == {seat.person_id for seat in seats}
    assert len(callbacks) >= 6  # one text message queued per invitation, after commit
    matter = Matter.objects.get(pk=meeting.agenda_items.get().matter_id)
    assert matter.status == MatterStatus.DELIBERATING
    hall = Hall.objects.get(matter=matter)
    event = MatterEvent.objects.get(matter=matter, kind=events.MEETING_CONVENED)
    assert event.url == hall.get_absolute_url() and event.status_to == MatterStatus.DELIBERATING
    # A seat added after the invitations went out is invited at once.
    late = actions.add_seat(actor=actor(cast.director), meeting=meeting, person=cast.elder, category="stakeholders")
    assert late.invited_at is not None


def test_an_ad_hoc_meeting_opens_at_once_and_keeps_its_gaps_as_a_warning(
    world: World, cast: Cast, micro_matter: Matter
) -> None:
    chair = actor(cast.director)
    meeting = actions.create_meeting(
        actor=chair, facts=meeting_facts(world.compound, scheduling="ad_hoc", venue="on_site"), matters=[micro_matter]
    )
    actions.add_seat(actor=chair, meeting=meeting, person=cast.director.person, category="two_committees")
    actions.open_meeting(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "in_session"
    assert meeting.seat_warnings == [
        "compound_party_branch",
        "owners_committee",
        "property_company",
        "social_organisations",
        "stakeholders",
    ]
    assert "unfilled seats" in AuditRecord.objects.get(verb="meeting.open").note
    assert Matter.objects.get(pk=micro_matter.pk).status == MatterStatus.DELIBERATING
    assert MatterEvent.objects.filter(matter=micro_matter, kind=events.MEETING_OPENED).exists()


def test_a_scheduled_meeting_cannot_open_before_invitations(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting()
    with pytest.raises(ActionError) as refused:
        actions.open_meeting(actor=actor(cast.director), meeting=meeting)
    assert refused.value.code == "meeting.invite_first"


def test_moving_a_convened_meeting_tells_the_invited(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("convened")
    Notification.objects.all().delete()
    later = meeting.starts_at + datetime.timedelta(days=1)
    actions.update_meeting(
        actor=actor(cast.director),
        meeting=meeting,
        facts=meeting_facts(meeting.place, starts_at=later, title=meeting.title, location="小区凉亭"),
    )
    assert Notification.objects.filter(url=meeting.get_absolute_url()).count() == 6
    changes = AuditRecord.objects.get(verb="meeting.update").changes
    assert set(changes) == {"location", "starts_at"}


def test_held_meeting_is_on_the_matter_timeline(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("ended")
    assert meeting.status == "ended" and meeting.ended_at is not None
    matter_id = meeting.agenda_items.get().matter_id
    event = MatterEvent.objects.get(matter_id=matter_id, kind=events.MEETING_HELD)
    assert event.url == meeting.get_absolute_url() and event.is_public
    with pytest.raises(ActionError):
        actions.update_meeting(actor=actor(cast.director), meeting=meeting, facts=meeting_facts(meeting.place))


def test_cancelling_needs_a_reason_tells_the_invited_and_withdraws_the_sign_in_code(
    cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("convened")
    nonce = meeting.sign_in_nonce
    with pytest.raises(ActionError) as no_reason:
        actions.cancel_meeting(actor=actor(cast.director), meeting=meeting, reason=" ")
    assert no_reason.value.code == "meeting_cancel_reason_empty"
    Notification.objects.all().delete()
    actions.cancel_meeting(actor=actor(cast.director), meeting=meeting, reason="台风预警，改期另行通知。")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "台风预警，改期另行通知。"
    assert meeting.sign_in_nonce != nonce
    assert Notification.objects.filter(url=meeting.get_absolute_url()).count() == 6
    assert MatterEvent.objects.filter(kind=events.MEETING_CANCELLED).count() == 1
    with pytest.raises(ActionError):
        actions.open_meeting(actor=actor(cast.director), meeting=meeting)


def test_seats_stay_once_their_holder_signed_in(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    seat = Seat.objects.get(meeting=meeting, person=cast.resident.person)
    actions.sign_in_for(actor=actor(cast.director), meeting=meeting, person=cast.resident.person)
    with pytest.raises(ActionError) as refused:
        actions.remove_seat(actor=actor(cast.director), seat=seat)
    assert refused.value.code == "seat_signed_in"
    other = Seat.objects.get(meeting=meeting, category="property_company")
    Notification.objects.all().delete()
    actions.remove_seat(actor=actor(cast.director), seat=other)
    assert not Seat.objects.filter(pk=other.pk).exists()
    assert Notification.objects.filter(person_id=other.person_id).count() == 1


@pytest.mark.parametrize("who", ["supervisor", "resident", "street_officer", "village_head", "expert"])
def test_who_may_not_convene_at_the_compound(
    world: World, cast: Cast, compound: Compound, micro_matter: Matter, who: str
) -> None:
    with pytest.raises(NotPermitted):
        actions.create_meeting(actor=actor(getattr(cast, who)), facts=meeting_facts(world.compound))
    assert not Meeting.objects.exists()


def test_the_compound_branch_secretary_convenes_at_the_compound_only(
    world: World, cast: Cast, compound: Compound
) -> None:
    branch = actor(compound.branch_secretary)
    meeting = actions.create_meeting(actor=branch, facts=meeting_facts(world.compound))
    assert meeting.place_id == world.compound.pk
    with pytest.raises(NotPermitted):
        actions.create_meeting(actor=branch, facts=meeting_facts(world.community))
    fill_compound_seats(meeting, cast, compound)
    assert AgendaItem.objects.count() == 0
