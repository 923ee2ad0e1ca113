"""Sign-in by QR code (a signed, time-limited token per meeting) and by staff at the door."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.deliberation.conftest import Compound, MeetingBuilder, actor
from tests.fixtures import Cast
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord, Channel
from yishi.deliberation import actions
from yishi.deliberation.models import SignIn
from yishi.deliberation.signin import SIGN_IN_CODE_MAX_AGE, make_token

pytestmark = pytest.mark.django_db


def test_a_participant_signs_in_with_the_code(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    result = actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=make_token(meeting))
    assert result.created
    sign_in = result.sign_in
    assert sign_in.channel == Channel.ONLINE and sign_in.recorded_by is None
    assert sign_in.seat is not None and sign_in.seat.category == "stakeholders"
    again = actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=make_token(meeting))
    assert not again.created and again.sign_in.pk == sign_in.pk
    assert AuditRecord.objects.filter(verb="meeting.sign_in").count() == 1


def test_sign_in_opens_with_the_invitations(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    planned = compound_meeting()
    with pytest.raises(ActionError) as refused:
        actions.sign_in_with_code(actor=actor(cast.resident), meeting=planned, token=make_token(planned))
    assert refused.value.code == "meeting_status"
    convened = compound_meeting("convened", title="第二次议事")
    assert actions.sign_in_with_code(actor=actor(cast.resident), meeting=convened, token=make_token(convened)).created


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: token.split(":")[0],  # no timestamp nor signature
        lambda token: "",
    ],
)
def test_a_tampered_code_is_refused(cast: Cast, compound_meeting: MeetingBuilder, tamper: object) -> None:
    meeting = compound_meeting("in_session")
    token = tamper(make_token(meeting))  # type: ignore[operator]
    with pytest.raises(ActionError) as refused:
        actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=token)
    assert refused.value.code == "sign_in_code_invalid"
    assert not SignIn.objects.exists()


def test_an_expired_code_is_refused(
    cast: Cast, compound_meeting: MeetingBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = compound_meeting("in_session")
    issued = time.time() - SIGN_IN_CODE_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: issued)
    old = make_token(meeting)
    monkeypatch.undo()
    with pytest.raises(ActionError) as refused:
        actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=old)
    assert refused.value.code == "sign_in_code_expired"
    assert not SignIn.objects.exists()


def test_a_code_of_another_meeting_or_a_withdrawn_code_is_refused(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    other = compound_meeting("in_session", title="另一场会议")
    with pytest.raises(ActionError) as elsewhere:
        actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=make_token(other))
    assert elsewhere.value.code == "sign_in_code_other_meeting"
    shown = make_token(meeting)
    actions.renew_sign_in_code(actor=actor(cast.director), meeting=meeting)
    meeting.refresh_from_db()
    with pytest.raises(ActionError) as withdrawn:
        actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=shown)
    assert withdrawn.value.code == "sign_in_code_revoked"
    assert actions.sign_in_with_code(actor=actor(cast.resident), meeting=meeting, token=make_token(meeting)).created


def test_residents_of_the_place_may_attend_without_a_seat_others_not(
    cast: Cast, compound: Compound, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    token = make_token(meeting)
    neighbour = actions.sign_in_with_code(actor=actor(compound.neighbour), meeting=meeting, token=token)
    assert neighbour.created and neighbour.sign_in.seat is None
    for user in (compound.outsider, cast.villager):
        with pytest.raises(ActionError) as refused:
            actions.sign_in_with_code(actor=actor(user), meeting=meeting, token=token)
        assert refused.value.code == "sign_in_not_participant"
    with pytest.raises(NotPermitted):
        actions.sign_in_with_code(actor=actor(cast.admin), meeting=meeting, token=token)  # no person behind it


def test_staff_sign_in_a_participant_without_a_phone(cast: Cast, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("in_session")
    actions.add_seat(actor=actor(cast.director), meeting=meeting, person=cast.elder, category="stakeholders")
    result = actions.sign_in_for(actor=actor(cast.secretary), meeting=meeting, person=cast.elder)
    assert result.sign_in.channel == Channel.ASSISTED and result.sign_in.recorded_by == cast.secretary
    assert AuditRecord.objects.get(verb="meeting.sign_in").channel == Channel.ASSISTED
    with pytest.raises(NotPermitted):
        actions.sign_in_for(actor=actor(cast.supervisor), meeting=meeting, person=cast.resident.person)


def test_the_sign_in_page_asks_first_then_signs_in(
    client: Client, cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    url = reverse("deliberation:sign_in", args=[meeting.pk, make_token(meeting)])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:sign_in"))
    client.force_login(cast.resident)
    page = client.get(url)
    assert page.status_code == 200 and not SignIn.objects.exists()
    assert "刘先生" in page.content.decode()
    done = client.post(url)
    assert done.status_code == 200
    assert SignIn.objects.filter(meeting=meeting, person=cast.resident.person, channel="online").exists()


def test_the_sign_in_page_shows_a_refusal_not_an_error_page(
    client: Client, cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    client.force_login(cast.resident)
    url = reverse("deliberation:sign_in", args=[meeting.pk, make_token(meeting) + "x"])
    assert client.get(url).status_code == 400
    response = client.post(url)
    assert response.status_code == 400
    assert not SignIn.objects.exists()


def test_the_qr_page_is_for_staff_and_shows_an_inline_svg(
    client: Client, cast: Cast, compound_meeting: MeetingBuilder
) -> None:
    meeting = compound_meeting("in_session")
    url = reverse("deliberation:sign_in_code", args=[meeting.pk])
    client.force_login(cast.resident)
    assert client.get(url).status_code == 403
    client.force_login(cast.director)
    body = client.get(url).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert f"/deliberation/meetings/{meeting.pk}/sign-in/" in body
    response = client.post(
        reverse("deliberation:assisted_sign_in", args=[meeting.pk]), {"person": cast.resident.person.pk}
    )
    assert response.status_code == 302
    assert SignIn.objects.get(person=cast.resident.person).channel == Channel.ASSISTED
