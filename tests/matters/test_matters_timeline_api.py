"""The API later apps call: record_event, register_kind and advance_matter, and the headlines they produce."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from tests.fixtures import Cast, World
from tests.matters.builders import actor, raise_for, triage
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord, Channel
from yishi.matters import actions
from yishi.matters.events import record_event, register_kind
from yishi.matters.models import MatterEvent, MatterStatus, Notification
from yishi.people.domain.roles import Capability


def test_a_later_app_records_its_step_and_followers_hear_of_it(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    register_kind("deliberation.meeting_held", gettext_lazy("Raised"))
    event = record_event(
        matter=matter,
        kind="deliberation.meeting_held",
        actor=actor(cast.director, "chair", Channel.MEETING),
        title="3月12日 社区议事厅",
        url="/deliberation/meetings/1/",
    )
    assert (event.channel, event.actor_name, event.is_public) == (Channel.MEETING, "李主任", True)
    with translation.override("zh-hans"):
        assert event.headline() == "提出：3月12日 社区议事厅"
    with translation.override("en"):
        assert event.headline() == "Raised: 3月12日 社区议事厅"
    assert Notification.objects.get(person=cast.resident.person).url == matter.get_absolute_url()


def test_unregistered_kinds_and_private_steps(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    private = record_event(
        matter=matter, kind="implementation.note", actor=actor(cast.director), title="内部记录", public=False
    )
    assert private.headline() == "内部记录"
    bare = record_event(matter=matter, kind="evaluation.opened", actor=Actor.system(), notify_followers=False)
    assert bare.headline() == "evaluation.opened"
    assert bare.actor_name == ""
    assert not Notification.objects.exists()


def test_advance_matter_follows_the_lifecycle(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    event = actions.advance_matter(
        actor=actor(cast.director),
        matter=matter,
        to_status=MatterStatus.DELIBERATING,
        capability=Capability.CHAIR_MEETING,
        kind="deliberation.started",
        title="小区议事协商会",
    )
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DELIBERATING
    assert (event.status_from, event.status_to) == (MatterStatus.TRIAGED, MatterStatus.DELIBERATING)
    assert AuditRecord.objects.filter(verb="matter.advance").count() == 1
    assert matter.responded_at is None
    actions.advance_matter(
        actor=actor(cast.secretary),
        matter=matter,
        to_status=MatterStatus.OUTCOME_REVIEWED,
        capability=Capability.REVIEW_OUTCOME,
    )
    matter.refresh_from_db()
    assert matter.responded_at is not None
    with pytest.raises(ActionError) as illegal:
        actions.advance_matter(
            actor=actor(cast.secretary),
            matter=matter,
            to_status=MatterStatus.REFERRED,
            capability=Capability.REVIEW_OUTCOME,
        )
    assert illegal.value.code == "lifecycle.transition_not_allowed"
    with pytest.raises(NotPermitted):
        actions.advance_matter(
            actor=actor(cast.director),
            matter=matter,
            to_status=MatterStatus.IMPLEMENTING,
            capability=Capability.REVIEW_OUTCOME,
        )
    with pytest.raises(ActionError) as unknown:
        actions.advance_matter(
            actor=Actor.system(), matter=matter, to_status="somewhere", capability=Capability.MANAGE_TASKS
        )
    assert unknown.value.code == "matter_status_unknown"
    actions.advance_matter(
        actor=Actor.system(), matter=matter, to_status=MatterStatus.IMPLEMENTING, capability=Capability.MANAGE_TASKS
    )
    matter.refresh_from_db()
    assert matter.status == MatterStatus.IMPLEMENTING


def test_an_actor_without_a_user_must_be_the_system(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    with pytest.raises(NotPermitted):
        actions.advance_matter(
            actor=Actor(user=None, channel=Channel.ONLINE),
            matter=matter,
            to_status=MatterStatus.DELIBERATING,
            capability=Capability.CHAIR_MEETING,
        )


def test_headlines_of_this_apps_steps_in_both_languages(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    event = MatterEvent.objects.get(matter=matter, kind="triaged")
    raised = MatterEvent.objects.get(matter=matter, kind="raised")
    with translation.override("zh-hans"):
        assert event.headline().startswith("已分流为微事，由阳光小区议事协商会办理，办理时限 ")
        assert raised.headline() == "通过网页或手机页面提出"
    with translation.override("en"):
        assert event.headline().startswith(
            "Triaged as micro matter, led by Compound deliberation meeting of 阳光小区, due by "
        )
        assert raised.headline() == "Raised through Web or phone page"
