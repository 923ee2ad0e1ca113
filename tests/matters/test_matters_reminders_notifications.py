"""Service-level reminders (idempotent, from "now" alone), notifications in both languages and by text message."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests.factories import make_person
from tests.fixtures import Cast, World
from tests.matters.builders import raise_for, triage
from yishi.accounts import sms
from yishi.matters import notifications
from yishi.matters.models import EventKind, Matter, MatterEvent, MatterStatus, Notification, ReminderSent
from yishi.matters.tasks import deliver_notification_sms, send_matter_reminders

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: datetime.date, hour: int = 9) -> str:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI).isoformat()


def _micro(cast: Cast, world: World) -> Matter:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    matter.refresh_from_db()
    return matter


def test_reminders_go_out_once_at_each_point(cast: Cast, world: World) -> None:
    matter = _micro(cast, world)
    triaged_on = timezone.localdate(matter.triaged_at)
    Notification.objects.all().delete()
    # Day 3 of 7: nothing yet (the first reminder is at half the period, rounded up: day 4).
    assert send_matter_reminders.call(_at(triaged_on + datetime.timedelta(days=3))) == 0
    assert send_matter_reminders.call(_at(triaged_on + datetime.timedelta(days=4))) == 1
    assert send_matter_reminders.call(_at(triaged_on + datetime.timedelta(days=4), hour=18)) == 0
    assert list(ReminderSent.objects.values_list("point", flat=True)) == ["1/2"]
    # The two committees of the community are reminded; the resident is not.
    reminded = set(Notification.objects.values_list("person__name", flat=True))
    assert reminded == {"王书记", "李主任"}
    assert Notification.objects.get(person=cast.director.person).title.startswith("提醒：“3号楼电梯经常坏”须在")
    event = MatterEvent.objects.get(matter=matter, kind=EventKind.REMINDER)
    assert not event.is_public and event.data["points"] == ["1/2"]


def test_a_missed_run_catches_up_with_one_message(cast: Cast, world: World) -> None:
    matter = _micro(cast, world)
    due = matter.due_on
    assert due is not None
    Notification.objects.all().delete()
    assert send_matter_reminders.call(_at(due)) == 1
    assert sorted(ReminderSent.objects.values_list("point", flat=True)) == ["1", "1/2", "4/5"]
    assert Notification.objects.filter(person=cast.director.person).count() == 1
    assert Notification.objects.get(person=cast.director.person).title == "今日到期：“3号楼电梯经常坏”"
    assert send_matter_reminders.call(_at(due + datetime.timedelta(days=5))) == 0


def test_no_reminders_once_the_body_has_responded(cast: Cast, world: World) -> None:
    matter = _micro(cast, world)
    Matter.objects.filter(pk=matter.pk).update(status=MatterStatus.DELIBERATING)
    assert send_matter_reminders.call(_at(matter.due_on)) == 1  # still awaiting the outcome
    Matter.objects.filter(pk=matter.pk).update(status=MatterStatus.OUTCOME_REVIEWED)
    answered = raise_for(cast.resident, world.compound)
    triage(cast, answered, "direct_answer", answer="明天修。")
    assert send_matter_reminders.call(_at(matter.due_on + datetime.timedelta(days=40))) == 0


def test_big_matters_remind_the_street_officers(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.community)
    triage(cast, matter, "big", "several_communities")
    matter.refresh_from_db()
    Notification.objects.all().delete()
    assert send_matter_reminders.call(_at(matter.due_on)) == 1
    assert set(Notification.objects.values_list("person__name", flat=True)) == {"赵科长", "孙处长"}


def test_a_naive_now_is_read_in_the_platform_zone(cast: Cast, world: World) -> None:
    matter = _micro(cast, world)
    naive = datetime.datetime.combine(matter.due_on, datetime.time(9)).isoformat()
    assert send_matter_reminders.call(naive) == 1


def test_notify_keeps_both_languages_and_texts_after_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_person("刘先生", world.units[0], phone="13800138001")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = notifications.notify(person=person, title=gettext_lazy("Matters"), url="/matters/", sms=True)
    assert (note.title, note.title_en) == ("议题", "Matters")
    assert sms.outbox == []
    for callback in callbacks:
        callback()
    assert [(message.phone, message.text) for message in sms.outbox] == [
        ("13800138001", "【议事】议题 详情请登录议事平台查看。")
    ]
    note.refresh_from_db()
    assert note.sms_sent_at is not None
    assert deliver_notification_sms.call(note.pk) == "done"
    assert len(sms.outbox) == 1


def test_no_text_without_a_mobile_number(world: World) -> None:
    landline = make_person("固话户", world.units[1], phone="02161234567")
    nobody = make_person("无电话", world.units[2])
    for person in (landline, nobody):
        note = notifications.notify(person=person, title="测试", url="/", sms=True)
        assert deliver_notification_sms.call(note.pk) == "no_mobile"
        note.refresh_from_db()
        assert note.sms_skipped == "no_mobile"
    assert deliver_notification_sms.call(999_999) == "gone"
    assert sms.outbox == []


def test_notifications_page_reads_and_marks(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    note = Notification.objects.get(person=cast.resident.person)
    client.force_login(cast.resident)
    home = client.get("/").content.decode()
    assert "3号楼电梯经常坏：已分流为微事，由阳光小区议事协商会办理" in home
    page = client.get("/matters/notifications/").content.decode()
    assert "3号楼电梯经常坏" in page
    response = client.get(f"/matters/notifications/{note.pk}/")
    assert response["Location"] == f"/matters/{matter.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    notifications.notify(person=cast.resident.person, title="另一条", url="https://evil.example/")
    other = Notification.objects.filter(read_at__isnull=True).get()
    assert client.get(f"/matters/notifications/{other.pk}/")["Location"] == "/matters/notifications/"
    client.post("/matters/notifications/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    client.force_login(cast.director)
    assert client.get(f"/matters/notifications/{note.pk}/").status_code == 404


def test_english_readers_see_english_titles(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    client.force_login(cast.resident)
    client.cookies["yishi_language"] = "en"
    page = client.get("/matters/notifications/").content.decode()
    assert "3号楼电梯经常坏: Triaged as micro matter, led by Compound deliberation meeting of 阳光小区" in page


def test_staff_home_shows_what_awaits_them(cast: Cast, world: World, client: Client) -> None:
    raise_for(cast.resident, world.compound)
    overdue = raise_for(cast.resident, world.compound, title="超期的事")
    triage(cast, overdue, "micro")
    Matter.objects.filter(pk=overdue.pk).update(due_on=datetime.date(2020, 1, 1))
    big = raise_for(cast.resident, world.community, title="大事")
    triage(cast, big, "big", "several_communities")
    client.force_login(cast.director)
    home = client.get("/").content.decode()
    assert "1 个议题待分流" in home
    assert "1 个议题已超期" in home
    client.force_login(cast.street_officer)
    street_home = client.get("/").content.decode()
    assert "1 件大事待街道受理" in street_home
    assert "议题待分流" not in street_home


def test_no_text_messages_while_loading_data(world: World, django_capture_on_commit_callbacks: Any) -> None:
    person = make_person("刘先生", world.units[0], phone="13800138001")
    with django_capture_on_commit_callbacks(execute=True), notifications.without_sms():
        note = notifications.notify(person=person, title="演示数据", url="/", sms=True)
    assert not note.wants_sms
    assert sms.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(person=person, title="真实通知", url="/", sms=True)
    assert len(sms.outbox) == 1


def test_a_later_step_may_skip_the_text_message(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.matters.builders import actor
    from yishi.matters import actions
    from yishi.people.domain.roles import Capability

    matter = _micro(cast, world)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.advance_matter(
            actor=actor(cast.director),
            matter=matter,
            to_status=MatterStatus.DELIBERATING,
            capability=Capability.CHAIR_MEETING,
            sms=False,
        )
    assert sms.outbox == []
    assert Notification.objects.filter(person=cast.resident.person, matter=matter).count() == 2
