"""Writes about matters. Each checks permission and state, calls the domain, saves, appends the audit record
and the timeline event (which notifies the proposer and followers).

For later apps: `advance_matter` moves a matter along its lifecycle (deliberating, outcome reviewed, deciding,
implementing, evaluating, closed, reopened) with its timeline event; `yishi.matters.events.record_event`
records a step that does not change the status.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.matters.domain.errors import MatterDomainError
from yishi.matters.domain.lifecycle import (
    AWAITING_RESPONSE_STATUSES,
    OPEN_STATUSES,
    check_reclassification,
    check_transition,
    check_triage,
    status_after_triage,
)
from yishi.matters.domain.lifecycle import MatterStatus as StatusName
from yishi.matters.domain.service_levels import due_date, reminders_due
from yishi.matters.domain.triage import PlaceScope as ScopeName
from yishi.matters.domain.triage import ResponsibleLevel as LevelName
from yishi.matters.domain.triage import TriageClass as ClassName
from yishi.matters.domain.triage import build_triage_decision, responsible_level
from yishi.matters.events import record_event
from yishi.matters.images import SanitisedImage, sanitise_image
from yishi.matters.models import (
    CatalogueEntry,
    Category,
    EventKind,
    FollowReason,
    Matter,
    MatterChannel,
    MatterEvent,
    MatterFollower,
    MatterPhoto,
    MatterStatus,
    Rating,
    Referral,
    ReminderSent,
    ReplyResult,
    TriageClass,
    TriageRecord,
    Urgency,
)
from yishi.matters.notifications import notify_many
from yishi.matters.texts import place_label, public_proposer, responsible_body
from yishi.people.domain.roles import Capability, roles_granting
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import can, require, today
from yishi.places.models import Place, PlaceKind

TITLE_MAX = 100
DESCRIPTION_MAX = 5000
TEXT_MAX = 5000
MAX_PHOTOS = 6
# One published triage list holds at most this many matters, so that it stays readable on paper.
TRIAGE_LIST_MAX = 60
MATTER_PLACE_KINDS = frozenset({PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING})

_AUDITED = (
    "title",
    "description",
    "place",
    "category",
    "channel",
    "channel_reference",
    "proposer",
    "anonymous_to_public",
    "urgency",
    "status",
    "triage_class",
    "scope",
    "responsible_level",
    "responsible_place",
    "due_on",
    "merged_into",
)


def domain_refusal(error: MatterDomainError, *, field: str | None = None) -> ActionError:
    """A domain refusal as an ActionError, in the language of the current request."""
    return ActionError(
        error.message.in_language(get_language() or settings.LANGUAGE_CODE), code=error.code, field=field
    )


@dataclass(frozen=True, kw_only=True)
class MatterDraft:
    """What a resident (or staff member for them) says about a matter."""

    title: str
    description: str
    place: Place
    category: Category
    anonymous_to_public: bool = False
    urgency: str = Urgency.NORMAL


def community_of(place: Place) -> Place | None:
    """The community a place lies in (itself when it is one)."""
    return place.ancestor_of_kind(PlaceKind.COMMUNITY)


def _clean_draft(draft: MatterDraft, *, community: Place) -> tuple[str, str]:
    title = " ".join(draft.title.split())
    description = draft.description.strip()
    if not title:
        raise ActionError(_("Give the matter a short title."), code="matter_title_empty", field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("The title is longer than %(limit)s characters.") % {"limit": TITLE_MAX},
            code="matter_title_long",
            field="title",
        )
    if not description:
        raise ActionError(
            _("Describe the matter: what is wrong, where, since when."),
            code="matter_description_empty",
            field="description",
        )
    if len(description) > DESCRIPTION_MAX:
        raise ActionError(
            _("The description is longer than %(limit)s characters.") % {"limit": DESCRIPTION_MAX},
            code="matter_description_long",
            field="description",
        )
    if draft.place.kind not in MATTER_PLACE_KINDS or not draft.place.path.startswith(community.path):
        raise ActionError(
            _("Choose a place in your community: the whole community, a compound or a building."),
            code="matter_place_outside",
            field="place",
        )
    if not draft.category.is_active:
        raise ActionError(_("Choose a category from the list."), code="matter_category_unknown", field="category")
    if draft.urgency not in Urgency.values:
        raise ActionError(_("Choose how urgent the matter is."), code="matter_urgency_unknown", field="urgency")
    return title, description


def _clean_photos(photos: Sequence[IO[bytes] | bytes]) -> list[SanitisedImage]:
    if len(photos) > MAX_PHOTOS:
        raise ActionError(
            _("A matter can have at most %(limit)s photos.") % {"limit": MAX_PHOTOS},
            code="matter_too_many_photos",
            field="photos",
        )
    return [sanitise_image(photo) for photo in photos]


def _save_photos(*, matter: Matter, images: Iterable[SanitisedImage], actor: Actor) -> list[MatterPhoto]:
    stored: list[MatterPhoto] = []
    try:
        for image in images:
            photo = MatterPhoto(
                matter=matter,
                content_type=image.content_type,
                width=image.width,
                height=image.height,
                size_bytes=len(image.content),
                uploaded_by=actor.user,
            )
            photo.image.save(image.file_name, ContentFile(image.content), save=False)
            stored.append(photo)
            photo.save()
    except Exception:
        _delete_files(stored)
        raise
    return stored


def _delete_files(photos: Iterable[MatterPhoto]) -> None:
    # The transaction rolls the rows back; the files on disk must go too ("nothing saved").
    for photo in photos:
        photo.image.delete(save=False)


def _create_matter(
    *,
    actor: Actor,
    draft: MatterDraft,
    community: Place,
    channel: str,
    channel_reference: str,
    proposer: Person | None,
    photos: Sequence[IO[bytes] | bytes],
    event_kind: str,
    verb: str,
) -> Matter:
    title, description = _clean_draft(draft, community=community)
    images = _clean_photos(photos)
    matter = Matter.objects.create(
        title=title,
        description=description,
        place=draft.place,
        community=community,
        compound=draft.place.ancestor_of_kind(PlaceKind.COMPOUND),
        category=draft.category,
        channel=channel,
        channel_reference=channel_reference.strip()[:100],
        proposer=proposer,
        recorded_by=actor.user if event_kind == EventKind.RECORDED else None,
        anonymous_to_public=draft.anonymous_to_public,
        urgency=draft.urgency,
        follower_count=1 if proposer is not None else 0,
    )
    if proposer is not None:
        MatterFollower.objects.create(matter=matter, person=proposer, reason=FollowReason.PROPOSER)
    stored = _save_photos(matter=matter, images=images, actor=actor)
    try:
        record_audit(
            actor=actor,
            verb=verb,
            target=matter,
            place=draft.place,
            changes={**diff({}, snapshot(matter, _AUDITED)), "photos": [0, len(images)]},
        )
        record_event(
            matter=matter,
            kind=event_kind,
            actor=actor,
            status_to=MatterStatus.PROPOSED,
            data={"channel": channel, "photos": len(images)},
            # The resident raising it online is the only follower and needs no message about it.
            notify_followers=event_kind == EventKind.RECORDED,
        )
    except Exception:
        _delete_files(stored)
        raise
    return matter


def raise_matter(*, actor: Actor, draft: MatterDraft, photos: Sequence[IO[bytes] | bytes] = ()) -> Matter:
    """A signed-in resident raises a matter at a place of their own community (民事民提)."""
    with transaction.atomic():
        user = actor.user
        if user is None or not user.is_authenticated:
            raise NotPermitted(_("Sign in to raise a matter."))
        person = user.person if user.person_id else None
        community = community_of(person.home) if person is not None and person.home is not None else None
        if person is None or community is None:
            raise ActionError(
                _(
                    "Your home is not on your community's roster yet, so we cannot tell where to send the matter. "
                    "Ask your community's staff to add it."
                ),
                code="matter_no_home",
            )
        return _create_matter(
            actor=actor,
            draft=draft,
            community=community,
            channel=MatterChannel.WEB,
            channel_reference="",
            proposer=person,
            photos=photos,
            event_kind=EventKind.RAISED,
            verb="matter.raise",
        )


def record_matter(
    *,
    actor: Actor,
    draft: MatterDraft,
    channel: str,
    proposer: Person | None,
    channel_reference: str = "",
    photos: Sequence[IO[bytes] | bytes] = (),
) -> Matter:
    """Staff record a matter a resident raised by phone, visit, letter, box, group or meeting (assisted)."""
    with transaction.atomic():
        assisted = Actor(user=actor.user, acting_role=actor.acting_role or "staff", channel=Channel.ASSISTED)
        require(actor.user, Capability.RECORD_FOR_RESIDENT, draft.place)  # type: ignore[arg-type]
        if channel not in MatterChannel.values or channel == MatterChannel.WEB:
            raise ActionError(
                _("Choose how the resident raised the matter (telephone, visit, suggestion box…)."),
                code="matter_channel_unknown",
                field="channel",
            )
        community = community_of(draft.place)
        if community is None:
            raise ActionError(_("Choose a place inside a community."), code="matter_place_outside", field="place")
        if proposer is not None and (proposer.home is None or not proposer.home.path.startswith(community.path)):
            raise ActionError(
                _("This resident does not live in the community the matter concerns."),
                code="matter_proposer_elsewhere",
                field="proposer",
            )
        return _create_matter(
            actor=assisted,
            draft=draft,
            community=community,
            channel=channel,
            channel_reference=channel_reference,
            proposer=proposer,
            photos=photos,
            event_kind=EventKind.RECORDED,
            verb="matter.record",
        )


def _locked(matter: Matter) -> Matter:
    fresh = (
        Matter.objects.select_for_update(of=("self",))
        .select_related("community", "place", "category")
        .filter(pk=matter.pk)
        .first()
    )
    if fresh is None:
        raise ActionError(_("This matter no longer exists."), code="matter_gone")
    return fresh


@transaction.atomic
def follow_matter(*, actor: Actor, matter: Matter) -> MatterFollower:
    """A resident says "this is my matter too" and is kept informed from now on."""
    user = actor.user
    if user is None or user.person_id is None:
        raise NotPermitted(_("Sign in as a resident to follow a matter."))
    matter = _locked(matter)
    if StatusName(matter.status) not in OPEN_STATUSES:
        raise ActionError(_("This matter is no longer open."), code="matter_not_open")
    try:
        with transaction.atomic():
            follower = MatterFollower.objects.create(
                matter=matter, person_id=user.person_id, reason=FollowReason.ALSO_MINE
            )
    except IntegrityError as error:
        raise ActionError(_("You already follow this matter."), code="matter_already_following") from error
    Matter.objects.filter(pk=matter.pk).update(follower_count=F("follower_count") + 1)
    record_audit(actor=actor, verb="matter.follow", target=matter, place=matter.place)
    record_event(matter=matter, kind=EventKind.FOLLOWED, actor=actor, notify_followers=False)
    return follower


def _require_triage(actor: Actor, matter: Matter) -> None:
    require(actor.user, Capability.TRIAGE_MATTER, matter.community)  # type: ignore[arg-type]


@transaction.atomic
def merge_matters(*, actor: Actor, matter: Matter, into: Matter, reason: str = "") -> Matter:
    """Merge a new matter into a similar open one; every proposer and follower is kept informed there."""
    if matter.pk == into.pk:
        raise ActionError(_("A matter cannot be merged into itself."), code="merge_same", field="into")
    first, second = sorted((matter, into), key=lambda item: item.pk)
    locked = {item.pk: _locked(item) for item in (first, second)}
    matter, into = locked[matter.pk], locked[into.pk]
    _require_triage(actor, matter)
    _require_triage(actor, into)
    if matter.community_id != into.community_id:
        raise ActionError(
            _("Only matters of the same community can be merged."), code="merge_other_community", field="into"
        )
    if StatusName(into.status) not in OPEN_STATUSES or into.status == MatterStatus.MERGED:
        raise ActionError(_("Merge into a matter that is still open."), code="merge_target_closed", field="into")
    try:
        check_transition(from_status=StatusName(matter.status), to_status=StatusName.MERGED)
    except MatterDomainError as error:
        raise ActionError(
            _("Only a matter that has not been triaged yet can be merged into another."), code="merge_not_new"
        ) from error
    before = snapshot(matter, _AUDITED)
    existing = set(MatterFollower.objects.filter(matter=into).values_list("person_id", flat=True))
    moved = [
        MatterFollower(matter=into, person_id=follower.person_id, reason=FollowReason.MERGED, via=matter)
        for follower in MatterFollower.objects.filter(matter=matter).order_by("pk")
        if follower.person_id not in existing
    ]
    MatterFollower.objects.bulk_create(moved)
    Matter.objects.filter(pk=into.pk).update(follower_count=F("follower_count") + len(moved))
    matter.status = MatterStatus.MERGED
    matter.merged_into = into
    matter.save(update_fields=["status", "merged_into", "updated_at"])
    record_audit(
        actor=actor,
        verb="matter.merge",
        target=matter,
        place=matter.place,
        changes={**diff(before, snapshot(matter, _AUDITED)), "followers_moved": [0, len(moved)]},
        note=reason.strip(),
    )
    record_event(
        matter=matter,
        kind=EventKind.MERGED,
        actor=actor,
        text=reason.strip(),
        url=into.get_absolute_url(),
        status_from=MatterStatus.PROPOSED,
        status_to=MatterStatus.MERGED,
        data={"into_id": into.pk, "into_title": into.title},
    )
    record_event(
        matter=into,
        kind=EventKind.MERGED_IN,
        actor=actor,
        url=matter.get_absolute_url(),
        data={"from_id": matter.pk, "from_title": matter.title},
        notify_followers=False,
    )
    return into


@dataclass(frozen=True, kw_only=True)
class TriageInput:
    """What the two committees' joint meeting decided about a matter."""

    triage_class: str
    scope: str
    government_service: bool = False
    reason: str = ""
    answer: str = ""
    joint_meeting_reference: str = ""
    place: Place | None = None


def _responsible_place(*, level: LevelName, matter: Matter, place: Place) -> Place:
    if level is LevelName.STREET:
        street = matter.community.parent
        if street is None:
            raise ActionError(_("This community has no street office above it."), code="triage_no_street")
        return street
    if level is LevelName.COMMUNITY:
        return matter.community
    compound = place.ancestor_of_kind(PlaceKind.COMPOUND)
    if compound is None:
        raise ActionError(
            _("A micro matter belongs to one compound: choose the compound it concerns."),
            code="triage_compound_required",
            field="place",
        )
    return compound


def _checked_triage(*, matter: Matter, decided: TriageInput) -> tuple[Any, Place, Place]:
    if decided.triage_class not in TriageClass.values:
        raise ActionError(_("Choose a triage class."), code="triage_class_unknown", field="triage_class")
    if decided.scope not in {item.value for item in ScopeName}:
        raise ActionError(_("Choose how far the matter reaches."), code="triage_scope_unknown", field="scope")
    place = decided.place or matter.place
    if place.kind not in MATTER_PLACE_KINDS or not place.path.startswith(matter.community.path):
        raise ActionError(
            _("Choose a place in the matter's community: the whole community, a compound or a building."),
            code="matter_place_outside",
            field="place",
        )
    triage_class = ClassName(decided.triage_class)
    scope = ScopeName(decided.scope)
    if len(decided.reason) > TEXT_MAX or len(decided.answer) > TEXT_MAX:
        raise ActionError(
            _("The text is longer than %(limit)s characters.") % {"limit": TEXT_MAX}, code="triage_text_long"
        )
    if triage_class is ClassName.DIRECT_ANSWER and not decided.answer.strip():
        raise ActionError(
            _("Write the answer the resident will receive."), code="triage_answer_required", field="answer"
        )
    in_catalogue = CatalogueEntry.objects.filter(community=matter.community, category=matter.category).exists()
    try:
        level = responsible_level(triage_class=triage_class, scope=scope, government_service=decided.government_service)
        decision = build_triage_decision(
            triage_class=triage_class,
            scope=scope,
            government_service=decided.government_service,
            in_deliberation_catalogue=in_catalogue,
            street_id=matter.community.parent_id if level is LevelName.STREET else None,
            reason=decided.reason,
        )
    except MatterDomainError as error:
        field = "reason" if "reason" in error.code else "triage_class"
        raise domain_refusal(error, field=field) from error
    responsible = _responsible_place(level=decision.level, matter=matter, place=place)
    return decision, place, responsible


def _apply_triage(
    *, actor: Actor, matter: Matter, decided: TriageInput, reclassification: bool, publish: bool
) -> TriageRecord:
    decision, place, responsible = _checked_triage(matter=matter, decided=decided)
    before = snapshot(matter, _AUDITED)
    previous_class = matter.triage_class
    status_from = matter.status
    now = timezone.now()
    due = due_date(triaged_at=now, triage_class=decision.triage_class)
    following = status_after_triage(triage_class=decision.triage_class)
    if not reclassification:
        try:
            check_transition(from_status=StatusName(matter.status), to_status=StatusName.TRIAGED)
            if following is not StatusName.TRIAGED:
                check_transition(
                    from_status=StatusName.TRIAGED, to_status=following, triage_class=decision.triage_class
                )
        except MatterDomainError as error:  # pragma: no cover - check_triage admits only legal starting points
            raise domain_refusal(error) from error
    record = TriageRecord.objects.create(
        matter=matter,
        community=matter.community,
        triaged_by=actor.user,
        triaged_by_name=actor.name[:100],
        acting_role=actor.acting_role[:40],
        channel=actor.channel,
        triaged_at=now,
        triage_class=decision.triage_class,
        scope=decision.scope,
        government_service=decision.government_service,
        responsible_level=decision.level,
        responsible_place=responsible,
        reason=decision.reason,
        answer=decided.answer.strip(),
        joint_meeting_reference=decided.joint_meeting_reference.strip()[:120],
        due_on=due,
        is_reclassification=reclassification,
        previous_class=previous_class if reclassification else "",
    )
    matter.place = place
    matter.compound = place.ancestor_of_kind(PlaceKind.COMPOUND)
    matter.triage_class = decision.triage_class
    matter.scope = decision.scope
    matter.responsible_level = decision.level
    matter.responsible_place = responsible
    matter.triaged_at = now
    matter.due_on = due
    matter.status = following
    matter.responded_at = None if following in AWAITING_RESPONSE_STATUSES else now
    if decision.triage_class is not ClassName.BIG:
        matter.street_accepted_at = None
    matter.save()
    record_audit(
        actor=actor,
        verb="matter.reclassify" if reclassification else "matter.triage",
        target=matter,
        place=matter.place,
        changes=diff(before, snapshot(matter, _AUDITED)),
        note=decision.reason,
    )
    if reclassification:
        kind = EventKind.RECLASSIFIED
    else:
        kind = {
            ClassName.DIRECT_ANSWER: EventKind.ANSWERED,
            ClassName.DECLINED: EventKind.DECLINED,
        }.get(decision.triage_class, EventKind.TRIAGED)
    record_event(
        matter=matter,
        kind=kind,
        actor=actor,
        text=decided.answer.strip() if kind == EventKind.ANSWERED else decision.reason,
        status_from=status_from,
        status_to=following,
        data={
            "triage_id": record.pk,
            "triage_class": decision.triage_class.value,
            "level": decision.level.value,
            "place_name": responsible.name,
            "is_rural": responsible.is_rural,
            "due_on": due.isoformat() if due else "",
            "reason": decision.reason if kind == EventKind.ANSWERED else "",
            "answer": decided.answer.strip() if kind == EventKind.RECLASSIFIED else "",
            "previous_class": previous_class if reclassification else "",
        },
    )
    if publish:
        publish_triage_records(actor=actor, community=matter.community, records=[record])
    return record


def triage_matter(*, actor: Actor, matter: Matter, decided: TriageInput, publish: bool = True) -> TriageRecord:
    """The joint meeting classifies a new (or reopened) matter; a second triage is refused."""
    with transaction.atomic():
        matter = _locked(matter)
        _require_triage(actor, matter)
        try:
            check_triage(status=StatusName(matter.status))
        except MatterDomainError as error:
            raise domain_refusal(error) from error
        return _apply_triage(actor=actor, matter=matter, decided=decided, reclassification=False, publish=publish)


def reclassify_matter(*, actor: Actor, matter: Matter, decided: TriageInput, publish: bool = True) -> TriageRecord:
    """Correct a triage: a separate act with a stated reason, published like the first."""
    with transaction.atomic():
        matter = _locked(matter)
        _require_triage(actor, matter)
        try:
            check_reclassification(status=StatusName(matter.status))
        except MatterDomainError as error:
            raise domain_refusal(error) from error
        if not decided.reason.strip():
            raise ActionError(
                _("Say why the matter is re-classified; the reason is published."),
                code="reclassify_reason_required",
                field="reason",
            )
        return _apply_triage(actor=actor, matter=matter, decided=decided, reclassification=True, publish=publish)


def _triage_lines(record: TriageRecord) -> list[str]:
    matter = record.matter
    lines = [
        gettext("Matter: %(title)s") % {"title": matter.title},
        gettext("Place: %(place)s") % {"place": place_label(matter.place)},
        gettext("Category: %(category)s") % {"category": matter.category.label},
        gettext("Raised by: %(name)s") % {"name": public_proposer(matter)},
        gettext("Class: %(class)s") % {"class": ClassName(record.triage_class).label.in_language(get_language() or "")},
        gettext("Responsible: %(body)s")
        % {"body": responsible_body(level=record.responsible_level, place=record.responsible_place)},
    ]
    if record.due_on:
        lines.append(gettext("To be handled by: %(day)s") % {"day": record.due_on.isoformat()})
    if record.is_reclassification and record.previous_class:
        lines.append(gettext("Previously: %(class)s") % {"class": TriageClass(record.previous_class).label})
    if record.reason:
        lines.append(gettext("Reason: %(reason)s") % {"reason": record.reason})
    if record.answer:
        lines.append(gettext("Answer: %(answer)s") % {"answer": record.answer})
    if record.joint_meeting_reference:
        lines.append(gettext("Joint meeting: %(meeting)s") % {"meeting": record.joint_meeting_reference})
    return lines


def publish_triage_records(*, actor: Actor, community: Place, records: Sequence[TriageRecord]) -> Any:
    """Publish triage results on the community's board (one notice, or one list for several) and link them.

    No permission check of its own: callers are the triage actions, which checked TRIAGE_MATTER, and the
    demo with the system actor; `publish_for` still requires PUBLISH_NOTICE of a user.
    """
    from yishi.disclosure.actions import publish_for
    from yishi.disclosure.domain.privacy import mask_identifiers
    from yishi.disclosure.models import NoticeKind

    # The public board is read in Chinese; the notice is written in the platform's language whoever publishes.
    with translation.override(settings.LANGUAGE_CODE):
        if len(records) == 1:
            record = records[0]
            title = gettext("Triage result: %(title)s") % {"title": record.matter.title}
            body = "\n".join(_triage_lines(record))
            source: Any = record.matter
            place = record.matter.place
        else:
            title = gettext("Triage list of the joint meeting: %(count)s matters") % {"count": len(records)}
            intro = gettext(
                "The two committees' joint meeting classified the following matters as big, small or micro "
                "matters, answered them or declined them with reasons."
            )
            items = ["- " + "；".join(_triage_lines(record)) for record in records]
            body = intro + "\n\n" + "\n".join(items)
            source = None
            place = community
        notice = publish_for(
            actor=actor,
            community=community,
            kind=NoticeKind.TRIAGE_RESULT,
            title=mask_identifiers(title)[:200],
            body=mask_identifiers(body),
            source=source,
            place=place,
        )
    ids = [record.pk for record in records]
    TriageRecord.objects.filter(pk__in=ids).update(notice=notice)
    for record in records:
        record.notice = notice
        MatterEvent.objects.filter(matter_id=record.matter_id, data__triage_id=record.pk).update(notice=notice)
    return notice


@transaction.atomic
def publish_triage_list(*, actor: Actor, community: Place) -> Any:
    """Publish, as one list on the community's board, the triage results not yet published (oldest first)."""
    require(actor.user, Capability.TRIAGE_MATTER, community)  # type: ignore[arg-type]
    records = list(
        TriageRecord.objects.select_for_update(of=("self",))
        .filter(community=community, notice__isnull=True)
        .select_related("matter__place__parent", "matter__category", "matter__proposer", "responsible_place")
        .order_by("triaged_at", "pk")[:TRIAGE_LIST_MAX]
    )
    if not records:
        raise ActionError(_("Every triage result here is already published."), code="triage_nothing_to_publish")
    return publish_triage_records(actor=actor, community=community, records=records)


@transaction.atomic
def set_catalogue(*, actor: Actor, community: Place, entries: Mapping[int, str]) -> list[CatalogueEntry]:
    """Replace a community's deliberation catalogue: {category id: note}."""
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(_("A deliberation catalogue belongs to a community."), code="catalogue_not_community")
    require(actor.user, Capability.TRIAGE_MATTER, community)  # type: ignore[arg-type]
    categories = {category.pk: category for category in Category.objects.filter(pk__in=list(entries), is_active=True)}
    if set(entries) - set(categories):
        raise ActionError(_("Choose categories from the list."), code="catalogue_category_unknown", field="categories")
    for note in entries.values():
        if len(note.strip()) > 200:
            raise ActionError(_("A note is at most 200 characters."), code="catalogue_note_long", field="notes")
    current = {entry.category_id: entry for entry in CatalogueEntry.objects.filter(community=community)}
    before = {str(key): entry.note for key, entry in sorted(current.items())}
    CatalogueEntry.objects.filter(community=community).exclude(category_id__in=list(entries)).delete()
    for category_id, note in entries.items():
        entry = current.get(category_id)
        if entry is None:
            CatalogueEntry.objects.create(
                community=community, category=categories[category_id], note=note.strip(), added_by=actor.user
            )
        elif entry.note != note.strip():
            entry.note = note.strip()
            entry.save(update_fields=["note"])
    after = {str(key): entries[key].strip() for key in sorted(entries)}
    changes = diff(before, after)
    if changes:
        record_audit(actor=actor, verb="catalogue.update", target=community, place=community, changes=changes)
    return list(CatalogueEntry.objects.filter(community=community).select_related("category"))


def _require_street(actor: Actor, matter: Matter) -> Place:
    street = matter.responsible_place
    if matter.responsible_level != LevelName.STREET or street is None:
        raise ActionError(_("This matter was not sent to a street office."), code="referral_not_big")
    require(actor.user, Capability.ANSWER_REFERRAL, street)  # type: ignore[arg-type]
    return street


def _require_with_street(matter: Matter) -> None:
    if matter.status != MatterStatus.REFERRED:
        raise ActionError(_("The street office has already replied on this matter."), code="referral_closed")


def _accept(actor: Actor, matter: Matter, note: str = "") -> None:
    now = timezone.now()
    matter.street_accepted_at = now
    matter.save(update_fields=["street_accepted_at", "updated_at"])
    record_audit(
        actor=actor,
        verb="referral.accept",
        target=matter,
        place=matter.responsible_place,
        changes={"street_accepted_at": [None, now.isoformat()]},
        note=note,
    )
    record_event(matter=matter, kind=EventKind.STREET_ACCEPTED, actor=actor, text=note)


@transaction.atomic
def accept_referral(*, actor: Actor, matter: Matter, note: str = "") -> Matter:
    """The street office takes up a big matter sent by a community."""
    matter = _locked(matter)
    _require_street(actor, matter)
    _require_with_street(matter)
    if matter.street_accepted_at is not None:
        raise ActionError(_("The street office has already accepted this matter."), code="referral_already_accepted")
    _accept(actor, matter, note.strip()[:TEXT_MAX])
    return matter


@transaction.atomic
def refer_to_department(*, actor: Actor, matter: Matter, department_name: str, request: str) -> Referral:
    """The street "blows the whistle": a department is asked to act (吹哨报到)."""
    matter = _locked(matter)
    street = _require_street(actor, matter)
    _require_with_street(matter)
    department_name = " ".join(department_name.split())
    request = request.strip()
    if not department_name or len(department_name) > 100:
        raise ActionError(
            _("Name the department (at most 100 characters)."), code="referral_department", field="department_name"
        )
    if not request or len(request) > TEXT_MAX:
        raise ActionError(_("Say what the department is asked to do."), code="referral_request", field="request")
    if matter.street_accepted_at is None:
        _accept(actor, matter)
    referral = Referral.objects.create(
        matter=matter, street=street, department_name=department_name, request=request, requested_by=actor.user
    )
    record_audit(
        actor=actor,
        verb="referral.request",
        target=referral,
        place=street,
        changes={"department_name": [None, department_name], "matter": [None, matter.pk]},
    )
    record_event(
        matter=matter,
        kind=EventKind.DEPARTMENT_REQUESTED,
        actor=actor,
        text=request,
        data={"referral_id": referral.pk, "department": department_name},
    )
    return referral


@transaction.atomic
def record_department_reply(*, actor: Actor, referral: Referral, reply_text: str, result: str) -> Referral:
    """Record what the department answered and what came of it."""
    referral = Referral.objects.select_for_update(of=("self",)).select_related("matter").get(pk=referral.pk)
    matter = _locked(referral.matter)
    _require_street(actor, matter)
    _require_with_street(matter)
    if referral.replied_at is not None:
        raise ActionError(_("This department's reply is already recorded."), code="referral_already_replied")
    reply_text = reply_text.strip()
    if not reply_text or len(reply_text) > TEXT_MAX:
        raise ActionError(_("Write the department's reply."), code="referral_reply_empty", field="reply_text")
    if result not in ReplyResult.values:
        raise ActionError(_("Choose the result of the reply."), code="referral_result_unknown", field="result")
    referral.reply_text = reply_text
    referral.result = result
    referral.replied_at = timezone.now()
    referral.replied_by = actor.user
    referral.save(update_fields=["reply_text", "result", "replied_at", "replied_by"])
    record_audit(
        actor=actor,
        verb="referral.reply",
        target=referral,
        place=referral.street,
        changes={"result": ["", result], "replied_at": [None, referral.replied_at.isoformat()]},
    )
    record_event(
        matter=matter,
        kind=EventKind.DEPARTMENT_REPLIED,
        actor=actor,
        text=reply_text,
        data={"referral_id": referral.pk, "department": referral.department_name, "result": result},
    )
    return referral


@transaction.atomic
def record_street_result(*, actor: Actor, matter: Matter, text: str) -> Matter:
    """The street office tells residents what came of a big matter; residents evaluate it next."""
    matter = _locked(matter)
    _require_street(actor, matter)
    _require_with_street(matter)
    text = text.strip()
    if not text or len(text) > TEXT_MAX:
        raise ActionError(_("Write what came of the matter."), code="street_result_empty", field="text")
    if Referral.objects.filter(matter=matter, replied_at__isnull=True).exists():
        raise ActionError(_("Record the replies of the departments first."), code="street_result_pending_referrals")
    if matter.street_accepted_at is None:
        _accept(actor, matter)
    before = snapshot(matter, _AUDITED)
    check_transition(from_status=StatusName.REFERRED, to_status=StatusName.REPLIED)
    matter.status = MatterStatus.REPLIED
    matter.responded_at = timezone.now()
    matter.save(update_fields=["status", "responded_at", "updated_at"])
    record_audit(
        actor=actor,
        verb="matter.street_result",
        target=matter,
        place=matter.responsible_place,
        changes=diff(before, snapshot(matter, _AUDITED)),
    )
    record_event(
        matter=matter,
        kind=EventKind.STREET_REPLIED,
        actor=actor,
        text=text,
        status_from=MatterStatus.REFERRED,
        status_to=MatterStatus.REPLIED,
    )
    return matter


@transaction.atomic
def record_referral_satisfaction(*, actor: Actor, referral: Referral, rating: str) -> Referral:
    """The residents' verdict on a department's reply (the evaluation app's hook for rating departments)."""
    referral = Referral.objects.select_for_update(of=("self",)).select_related("matter__community").get(pk=referral.pk)
    community = referral.matter.community
    if not any(_can(actor, capability, community) for capability in (Capability.OPEN_EVALUATION, Capability.SUPERVISE)):
        raise NotPermitted()
    if referral.replied_at is None:
        raise ActionError(_("The department has not replied yet."), code="referral_not_replied")
    if rating not in Rating.values:
        raise ActionError(_("Choose a rating."), code="referral_rating_unknown", field="rating")
    before = referral.satisfaction
    referral.satisfaction = rating
    referral.satisfaction_recorded_at = timezone.now()
    referral.save(update_fields=["satisfaction", "satisfaction_recorded_at"])
    record_audit(
        actor=actor,
        verb="referral.satisfaction",
        target=referral,
        place=community,
        changes={"satisfaction": [before, rating]},
    )
    return referral


def _can(actor: Actor, capability: Capability, place: Place) -> bool:
    return actor.user is not None and can(actor.user, capability, place)  # type: ignore[arg-type]


@transaction.atomic
def advance_matter(
    *,
    actor: Actor,
    matter: Matter,
    to_status: str,
    capability: Capability,
    kind: str = EventKind.STATUS_CHANGED,
    title: str = "",
    text: str = "",
    url: str = "",
    notice: Any = None,
    public: bool = True,
    data: Mapping[str, Any] | None = None,
    notify_followers: bool = True,
    sms: bool = True,
) -> MatterEvent:
    """Move a matter to its next status for a later step (deliberation, decision, implementation, evaluation).

    The calling app names the capability that entitles the actor to take this step at the matter's place
    (for example CHAIR_MEETING to start deliberating, REVIEW_OUTCOME, MANAGE_VOTE, MANAGE_TASKS,
    OPEN_EVALUATION); the system actor (Actor.system()) is trusted, as for scheduled steps. The domain's
    lifecycle decides which moves are legal. The timeline event is recorded and, for a public step, the
    proposer and followers are notified (in the app, and by text message unless `sms=False`).
    """
    matter = _locked(matter)
    if actor.user is not None:
        require(actor.user, capability, matter.place)  # type: ignore[arg-type]
    elif actor.channel != Channel.SYSTEM:
        raise NotPermitted()
    if to_status not in MatterStatus.values:
        raise ActionError(_("Unknown status."), code="matter_status_unknown", field="to_status")
    status_from = StatusName(matter.status)
    target = StatusName(to_status)
    try:
        check_transition(from_status=status_from, to_status=target, triage_class=matter.class_name)
    except MatterDomainError as error:
        raise domain_refusal(error) from error
    before = snapshot(matter, _AUDITED)
    now = timezone.now()
    matter.status = target
    if status_from in AWAITING_RESPONSE_STATUSES and target not in AWAITING_RESPONSE_STATUSES:
        matter.responded_at = now
    if target is StatusName.REOPENED:
        matter.responded_at = None
    matter.save(update_fields=["status", "responded_at", "updated_at"])
    record_audit(
        actor=actor,
        verb="matter.advance",
        target=matter,
        place=matter.place,
        changes=diff(before, snapshot(matter, _AUDITED)),
    )
    return record_event(
        matter=matter,
        kind=kind,
        actor=actor,
        title=title,
        text=text,
        url=url,
        notice=notice,
        public=public,
        status_from=status_from,
        status_to=target,
        data=data,
        notify_followers=notify_followers,
        sms=sms,
    )


def _reminder_recipients(matter: Matter, cache: dict[tuple[str, int], list[Person]]) -> list[Person]:
    """Who answers for the matter: the street's officers for big matters, else the community's two committees."""
    if matter.responsible_level == LevelName.STREET and matter.responsible_place is not None:
        capability, place = Capability.ANSWER_REFERRAL, matter.responsible_place
    else:
        capability, place = Capability.TRIAGE_MATTER, matter.community
    key = (capability.value, place.pk)
    if key not in cache:
        day = today()
        person_ids = (
            RoleAssignment.objects.filter(
                role__in=[str(role) for role in roles_granting(capability)],
                place_id__in=place.ancestor_ids(),
                starts_on__lte=day,
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .values("person_id")
        )
        cache[key] = list(Person.objects.filter(pk__in=person_ids, is_active=True).order_by("pk"))
    return cache[key]


def send_due_reminders(*, now: Any) -> int:
    """Send every service-level reminder that has come due and was not sent yet; returns how many matters.

    Idempotent: each (triage, point of the period) is recorded in ReminderSent under a unique constraint,
    so running it twice, or two workers at once, never reminds twice. A run that missed days catches up
    with one message naming the latest point.
    """
    latest_triage = TriageRecord.objects.filter(matter=OuterRef("pk")).order_by("-triaged_at", "-pk").values("pk")[:1]
    candidates = (
        Matter.objects.filter(
            status__in=sorted(AWAITING_RESPONSE_STATUSES), due_on__isnull=False, triaged_at__isnull=False
        )
        .select_related("community", "responsible_place")
        .annotate(latest_triage_id=Subquery(latest_triage))
        .order_by("pk")
    )
    already: dict[int, set[Fraction]] = {}
    for triage_id, point in ReminderSent.objects.filter(
        matter__status__in=sorted(AWAITING_RESPONSE_STATUSES)
    ).values_list("triage_id", "point"):
        already.setdefault(triage_id, set()).add(Fraction(point))
    recipients_cache: dict[tuple[str, int], list[Person]] = {}
    system = Actor.system()
    reminded = 0
    for matter in candidates.iterator(chunk_size=500):
        triage_id = matter.latest_triage_id  # type: ignore[attr-defined]
        if triage_id is None or matter.triaged_at is None:
            continue
        due = reminders_due(
            triaged_at=matter.triaged_at,
            triage_class=ClassName(matter.triage_class),
            now=now,
            already_sent=frozenset(already.get(triage_id, set())),
        )
        if not due:
            continue
        recipients = _reminder_recipients(matter, recipients_cache)
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    [
                        ReminderSent(
                            matter=matter,
                            triage_id=triage_id,
                            point=str(reminder.point),
                            reminder_on=reminder.on,
                            recipients=len(recipients),
                        )
                        for reminder in due
                    ]
                )
                last = due[-1]
                due_on = matter.due_on

                def title(matter: Matter = matter, is_due_date: bool = last.is_due_date, day: Any = due_on) -> str:
                    if is_due_date:
                        return gettext("Due today: “%(title)s”") % {"title": matter.title}
                    return gettext("Reminder: “%(title)s” is due by %(day)s") % {
                        "title": matter.title,
                        "day": day.isoformat() if day else "",
                    }

                notify_many(
                    persons=recipients,
                    title=lazy(title, str)(),
                    url=matter.get_absolute_url(),
                    sms=last.is_due_date,
                    matter=matter,
                )
                record_event(
                    matter=matter,
                    kind=EventKind.REMINDER,
                    actor=system,
                    public=False,
                    notify_followers=False,
                    data={"points": [str(reminder.point) for reminder in due], "recipients": len(recipients)},
                )
        except IntegrityError:
            # Another run recorded these reminders first.
            continue
        reminded += 1
    return reminded
