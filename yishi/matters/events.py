"""The timeline of a matter: every step of every app, who took it, through which channel, what was published.

Later apps (deliberation, decisions, implementation, evaluation) record their steps with `record_event`
inside their own actions, after their own permission checks:

    from yishi.matters.events import record_event, register_kind

    # once, in the app's AppConfig.ready(): a translated label for the kind
    register_kind("deliberation.meeting_held", _("Deliberation meeting held"))

    record_event(
        matter=matter,
        kind="deliberation.meeting_held",
        actor=actor,                      # yishi.audit.actions.Actor (its channel is recorded)
        title="3月12日 社区议事厅",          # optional short text shown after the kind's label
        text=minutes_summary,             # optional longer text (an outcome, a reply)
        url=meeting.get_absolute_url(),   # optional link to the step's own page
        notice=notice,                    # optional disclosure.Notice that published it
        public=True,                      # False: shown only to the proposer, followers and staff
    )

A public event notifies the proposer and every follower (in the app, and by text message unless
`sms=False`). To move the matter to another status as well, call `yishi.matters.actions.advance_matter`,
which records the event itself.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language, gettext

from yishi.audit.actions import Actor
from yishi.matters.domain.triage import TriageClass as ClassName
from yishi.matters.models import EventKind, Matter, MatterChannel, MatterEvent, MatterFollower, ReplyResult, TriageClass
from yishi.matters.notifications import notify_many
from yishi.matters.texts import responsible_body
from yishi.people.models import Person

if TYPE_CHECKING:
    from yishi.disclosure.models import Notice

_labels: dict[str, str | Promise] = {}


def register_kind(kind: str, label: str | Promise) -> None:
    """Give another app's event kind a translated label (call from AppConfig.ready())."""
    _labels[kind] = label


def record_event(
    *,
    matter: Matter,
    kind: str,
    actor: Actor,
    title: str = "",
    text: str = "",
    public: bool = True,
    notice: "Notice | None" = None,
    url: str = "",
    status_from: str = "",
    status_to: str = "",
    data: Mapping[str, Any] | None = None,
    notify_followers: bool = True,
    sms: bool = True,
) -> MatterEvent:
    """Append a step to the matter's timeline; a public step notifies the proposer and every follower."""
    event = MatterEvent.objects.create(
        matter=matter,
        kind=kind[:60],
        actor=actor.user,
        actor_name=actor.name[:100] if actor.user is not None else "",
        acting_role=actor.acting_role[:40],
        channel=actor.channel,
        is_public=public,
        title=title[:200],
        text=text,
        url=url[:300],
        notice=notice,
        status_from=status_from,
        status_to=status_to,
        data=dict(data or {}),
    )
    if public and notify_followers:
        _notify_followers(matter=matter, event=event, actor=actor, sms=sms)
    return event


def _notify_followers(*, matter: Matter, event: MatterEvent, actor: Actor, sms: bool) -> None:
    acting_person_id = actor.user.person_id if actor.user is not None else None
    person_ids = MatterFollower.objects.filter(matter=matter).values_list("person_id", flat=True)
    persons = Person.objects.filter(pk__in=person_ids).order_by("pk")
    if acting_person_id is not None:
        # Whoever took the step knows about it already.
        persons = persons.exclude(pk=acting_person_id)

    def title() -> str:
        return gettext("%(title)s: %(what)s") % {"title": matter.title, "what": headline(event)}

    notify_many(persons=persons, title=lazy(title, str)(), url=matter.get_absolute_url(), sms=sms, matter=matter)


def _class_label(value: str) -> str:
    """The short name of a class (大事, 小事, 微事…) from the domain, in the current language."""
    if value not in TriageClass.values:
        return value
    return ClassName(value).label.in_language(get_language() or settings.LANGUAGE_CODE)


def headline(event: MatterEvent) -> str:
    """What happened, in the current language, built from the kind and its details."""
    data = event.data or {}
    kind = event.kind
    if kind in (EventKind.TRIAGED, EventKind.RECLASSIFIED):
        body = responsible_body(level=data.get("level", ""), place=_NamedPlace.of(data))
        words = {"class": _class_label(data.get("triage_class", "")), "body": body}
        if kind == EventKind.RECLASSIFIED:
            text = gettext("Re-classified as %(class)s") % words
        else:
            text = gettext("Triaged as %(class)s") % words
        if body:
            text += gettext(", led by %(body)s") % words
        if data.get("due_on"):
            text += gettext(", due by %(day)s") % {"day": data["due_on"]}
        return text
    if kind in (EventKind.RAISED, EventKind.RECORDED):
        channel = data.get("channel", "")
        channel_label = str(MatterChannel(channel).label) if channel in MatterChannel.values else channel
        if kind == EventKind.RECORDED:
            return gettext("Recorded by staff for a resident (%(channel)s)") % {"channel": channel_label}
        return gettext("Raised through %(channel)s") % {"channel": channel_label}
    if kind == EventKind.DEPARTMENT_REQUESTED:
        return gettext("The street office referred it to %(department)s") % {"department": data.get("department", "")}
    if kind == EventKind.DEPARTMENT_REPLIED:
        result = data.get("result", "")
        result_label = str(ReplyResult(result).label) if result in ReplyResult.values else result
        return gettext("%(department)s replied: %(result)s") % {
            "department": data.get("department", ""),
            "result": result_label,
        }
    if kind == EventKind.MERGED:
        return gettext("Merged into the similar matter “%(title)s”") % {"title": data.get("into_title", "")}
    if kind == EventKind.MERGED_IN:
        return gettext("The similar matter “%(title)s” was merged into this one") % {
            "title": data.get("from_title", "")
        }
    if kind in EventKind.values:
        label: str | Promise | None = EventKind(kind).label
    else:
        label = _labels.get(kind)
    if label is None:
        return event.title or kind
    if not event.title:
        return str(label)
    return gettext("%(label)s: %(title)s") % {"label": label, "title": event.title}


class _NamedPlace:
    """A place as remembered in an event's details (its name then), without reading the tree again."""

    def __init__(self, name: str, is_rural: bool) -> None:
        self.name = name
        self.is_rural = is_rural

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Any:
        name = data.get("place_name", "")
        return cls(name, bool(data.get("is_rural"))) if name else None
