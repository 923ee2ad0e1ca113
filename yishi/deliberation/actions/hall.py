"""Writes about the online deliberation hall (线上议事厅): opening and closing it, inviting stakeholders, posts and
replies (online or assisted), moderation with reasons, reports, and the staff's summary of the opinion groups."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.deliberation import events
from yishi.deliberation.actions.common import (
    AGENDA_STATUSES,
    NOTE_MAX,
    STARTABLE,
    clean_text,
    domain_refusal,
    permit,
    permit_any,
    permitted,
    person_of,
)
from yishi.deliberation.domain import hall as hall_rules
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.deliberation.models import (
    CommonGround,
    Hall,
    HallInvitation,
    OpinionGroup,
    Post,
    PostReport,
)
from yishi.deliberation.permissions import person_is_concerned
from yishi.matters.actions import advance_matter
from yishi.matters.domain.triage import DELIBERATED_CLASSES
from yishi.matters.events import record_event
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.notifications import notify
from yishi.people.domain.roles import Capability
from yishi.people.models import Person

_HALL_OPENERS = (Capability.CHAIR_MEETING, Capability.MODERATE_DISCUSSION)


def _locked_matter(matter: Matter) -> Matter:
    fresh = (
        Matter.objects.select_for_update(of=("self",)).select_related("place", "community").filter(pk=matter.pk).first()
    )
    if fresh is None:
        raise ActionError(_("This matter no longer exists."), code="matter_gone")
    return fresh


@transaction.atomic
def open_hall(*, actor: Actor, matter: Matter) -> Hall:
    """Open (or reopen) a matter's online deliberation hall; a triaged matter starts its deliberation."""
    matter = _locked_matter(matter)
    capability = permit_any(actor, _HALL_OPENERS, matter.place)
    if matter.triage_class not in {str(item) for item in DELIBERATED_CLASSES}:
        raise ActionError(
            _("Only a matter triaged for deliberation (small, micro or urgent) has a deliberation hall."),
            code="hall_matter_not_deliberated",
        )
    if matter.status not in {str(item) for item in AGENDA_STATUSES}:
        raise ActionError(
            _("A hall cannot be opened while the matter is %(status)s.") % {"status": matter.get_status_display()},
            code="hall_matter_status",
        )
    hall = Hall.objects.select_for_update(of=("self",)).filter(matter=matter).first()
    if hall is not None and hall.is_open:
        raise ActionError(_("The hall of this matter is already open."), code="hall_already_open")
    if hall is not None:
        hall.closed_at = None
        hall.closed_by = None
        hall.save(update_fields=["closed_at", "closed_by"])
        record_audit(actor=actor, verb="hall.reopen", target=hall, place=matter.place)
    else:
        hall = Hall.objects.create(matter=matter, community=matter.community, opened_by=actor.user)
        record_audit(actor=actor, verb="hall.open", target=hall, place=matter.place)
    if matter.status in STARTABLE:
        advance_matter(
            actor=actor,
            matter=matter,
            to_status=MatterStatus.DELIBERATING,
            capability=capability,
            kind=events.HALL_OPENED,
            url=hall.get_absolute_url(),
        )
    else:
        record_event(matter=matter, kind=events.HALL_OPENED, actor=actor, url=hall.get_absolute_url(), sms=False)
    return hall


@transaction.atomic
def close_hall(*, actor: Actor, hall: Hall) -> Hall:
    """Stop new posts; everything said stays readable."""
    hall = Hall.objects.select_for_update(of=("self",)).select_related("matter__place").get(pk=hall.pk)
    permit(actor, Capability.MODERATE_DISCUSSION, hall.matter.place)
    if not hall.is_open:
        raise ActionError(_("The hall is already closed."), code="hall_already_closed")
    hall.closed_at = timezone.now()
    hall.closed_by = actor.user
    hall.save(update_fields=["closed_at", "closed_by"])
    record_audit(actor=actor, verb="hall.close", target=hall, place=hall.matter.place)
    return hall


@transaction.atomic
def invite_to_hall(*, actor: Actor, hall: Hall, person: Person) -> HallInvitation:
    """Invite a stakeholder who lives outside the matter's place (an owner living elsewhere, a shop next door)."""
    hall = Hall.objects.select_related("matter__place", "matter__community").get(pk=hall.pk)
    matter = hall.matter
    permit_any(actor, _HALL_OPENERS, matter.place)
    if not person.is_active:
        raise ActionError(_("This person is no longer on the roster."), code="hall_invite_inactive", field="person")
    try:
        with transaction.atomic():
            invitation = HallInvitation.objects.create(hall=hall, person=person, invited_by=actor.user)
    except IntegrityError as error:
        raise ActionError(
            _("This person is already invited to the hall."), code="hall_invite_duplicate", field="person"
        ) from error
    record_audit(
        actor=actor, verb="hall.invite", target=hall, place=matter.place, changes={"invited": [None, person.pk]}
    )
    notify(
        person=person,
        title=format_lazy(_("You are invited to deliberate “{title}” online"), title=matter.title),
        url=hall.get_absolute_url(),
        sms=True,
        matter=matter,
    )
    return invitation


def _check_post(hall: Hall, text: str, position: str, parent: Post | None) -> tuple[str, str, Post | None]:
    if not hall.is_open:
        raise ActionError(_("The hall is closed: no new posts."), code="hall_closed")
    try:
        cleaned = hall_rules.clean_post_text(text)
        chosen = hall_rules.clean_position(position, is_reply=parent is not None)
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="position" if "position" in error.code else "text") from error
    root = None
    if parent is not None:
        if parent.hall_id != hall.pk:
            raise ActionError(_("Reply to a post of this hall."), code="hall_reply_other", field="parent")
        if parent.is_hidden:
            raise ActionError(_("A hidden post cannot be replied to."), code="hall_reply_hidden", field="parent")
        root_id = hall_rules.thread_root(parent_id=parent.pk, parent_root_id=parent.parent_id)
        root = parent if root_id in (None, parent.pk) else Post.objects.get(pk=root_id)
    return cleaned, chosen.value if chosen is not None else "", root


def _create_post(
    *,
    actor: Actor,
    hall: Hall,
    author: Person,
    text: str,
    position: str,
    parent: Post | None,
    reference: str = "",
) -> Post:
    cleaned, chosen, root = _check_post(hall, text, position, parent)
    post = Post.objects.create(
        hall=hall,
        parent=root,
        author=author,
        position=chosen,
        text=cleaned,
        channel=actor.channel,
        recorded_by=actor.user if actor.channel == Channel.ASSISTED else None,
        reference=reference,
    )
    record_audit(
        actor=actor,
        verb="hall.post",
        target=post,
        place=hall.matter.place,
        changes={"author": [None, author.pk], "position": [None, chosen], "parent": [None, root.pk if root else None]},
    )
    if parent is not None and parent.author_id != author.pk:
        notify(
            person=parent.author,
            title=format_lazy(_("A reply to your post on “{title}”"), title=hall.matter.title),
            url=hall.get_absolute_url() + f"#post-{post.pk}",
            matter=hall.matter,
        )
    return post


def _hall_for_update(hall: Hall) -> Hall:
    return Hall.objects.select_related("matter__place", "matter__community").get(pk=hall.pk)


@transaction.atomic
def post_in_hall(*, actor: Actor, hall: Hall, text: str, position: str = "", parent: Post | None = None) -> Post:
    """A resident the matter concerns posts in its hall, or replies to a post."""
    person = person_of(actor)
    hall = _hall_for_update(hall)
    matter = hall.matter
    staff = actor.user is not None and any(
        permitted(actor, capability, matter.place)
        for capability in (Capability.CHAIR_MEETING, Capability.MODERATE_DISCUSSION)
    )
    if not staff and not person_is_concerned(person.pk, matter, hall):
        raise NotPermitted(
            _("This hall is open to the residents the matter concerns. It concerns %(place)s.")
            % {"place": matter.place.name}
        )
    online = Actor(user=actor.user, acting_role=actor.acting_role or "resident", channel=Channel.ONLINE)
    if actor.channel == Channel.API:
        online = actor
    return _create_post(actor=online, hall=hall, author=person, text=text, position=position, parent=parent)


@transaction.atomic
def record_post_for_resident(
    *,
    actor: Actor,
    hall: Hall,
    person: Person,
    text: str,
    position: str = "",
    parent: Post | None = None,
    reference: str = "",
) -> Post:
    """Staff write down what a resident without a phone said (a visit, a call, a paper slip): channel ASSISTED."""
    hall = _hall_for_update(hall)
    matter = hall.matter
    permit(actor, Capability.RECORD_FOR_RESIDENT, matter.place)
    if not person.is_active or not person_is_concerned(person.pk, matter, hall):
        raise ActionError(
            _("This resident is not among those the matter concerns; invite them to the hall first."),
            code="hall_resident_not_concerned",
            field="person",
        )
    reference = clean_text(reference, limit=NOTE_MAX, code="hall_reference", field="reference", required=False)
    assisted = Actor(user=actor.user, acting_role=actor.acting_role or "staff", channel=Channel.ASSISTED)
    return _create_post(
        actor=assisted, hall=hall, author=person, text=text, position=position, parent=parent, reference=reference
    )


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("hall__matter__place", "author").get(pk=post.pk)


@transaction.atomic
def hide_post(*, actor: Actor, post: Post, reason: str) -> Post:
    """A moderator hides a post with the reason: it shows as "hidden by the moderator" with that reason, never
    silently deleted; its open reports are resolved and its author is told."""
    post = _locked_post(post)
    matter = post.hall.matter
    permit(actor, Capability.MODERATE_DISCUSSION, matter.place)
    if post.is_hidden:
        raise ActionError(_("This post is already hidden."), code="post_already_hidden")
    try:
        reason = hall_rules.clean_reason(reason, code="post_hide")
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="reason") from error
    now = timezone.now()
    post.hidden_at, post.hidden_by, post.hidden_reason = now, actor.user, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    resolved = PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor.user
    )
    record_audit(
        actor=actor,
        verb="hall.hide_post",
        target=post,
        place=matter.place,
        changes={"hidden": [False, True], "reports_resolved": [0, resolved]},
        note=reason,
    )
    notify(
        person=post.author,
        title=format_lazy(
            _("The moderator hid your post on “{title}”. Reason: {reason}"), title=matter.title, reason=reason
        ),
        url=post.hall.get_absolute_url() + f"#post-{post.pk}",
        matter=matter,
    )
    return post


@transaction.atomic
def restore_post(*, actor: Actor, post: Post) -> Post:
    """Show a hidden post again (the hiding stays on the audit record)."""
    post = _locked_post(post)
    matter = post.hall.matter
    permit(actor, Capability.MODERATE_DISCUSSION, matter.place)
    if not post.is_hidden:
        raise ActionError(_("This post is not hidden."), code="post_not_hidden")
    reason = post.hidden_reason
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    record_audit(
        actor=actor,
        verb="hall.restore_post",
        target=post,
        place=matter.place,
        changes={"hidden": [True, False], "hidden_reason": [reason, ""]},
    )
    return post


@transaction.atomic
def report_post(*, actor: Actor, post: Post, reason: str) -> PostReport:
    """A resident reports a post that breaks the hall's rules; moderators see it in what awaits them."""
    person = person_of(actor)
    post = _locked_post(post)
    matter = post.hall.matter
    staff = any(permitted(actor, capability, matter.place) for capability in (Capability.MODERATE_DISCUSSION,))
    if not staff and not person_is_concerned(person.pk, matter, post.hall):
        raise NotPermitted()
    if post.author_id == person.pk:
        raise ActionError(_("You cannot report your own post."), code="report_own_post")
    if post.is_hidden:
        raise ActionError(_("This post is already hidden."), code="post_already_hidden")
    try:
        reason = hall_rules.clean_reason(reason, code="report")
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="reason") from error
    try:
        with transaction.atomic():
            report = PostReport.objects.create(post=post, reporter=person, reason=reason)
    except IntegrityError as error:
        raise ActionError(_("You have already reported this post."), code="report_duplicate") from error
    record_audit(actor=actor, verb="hall.report_post", target=post, place=matter.place, note=reason)
    return report


@transaction.atomic
def dismiss_reports(*, actor: Actor, post: Post) -> int:
    """A moderator keeps a reported post visible; its open reports are resolved. Returns how many."""
    post = _locked_post(post)
    matter = post.hall.matter
    permit(actor, Capability.MODERATE_DISCUSSION, matter.place)
    resolved = PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor.user
    )
    if not resolved:
        raise ActionError(_("This post has no open reports."), code="report_none_open")
    record_audit(
        actor=actor, verb="hall.dismiss_reports", target=post, place=matter.place, changes={"reports": [resolved, 0]}
    )
    return resolved


@transaction.atomic
def summarise_hall(
    *, actor: Actor, hall: Hall, common_ground: str, groups: Sequence[hall_rules.GroupDraft]
) -> CommonGround:
    """Staff group the opinions and name their common ground ("找到群众意愿和要求的最大公约数")."""
    hall = _hall_for_update(hall)
    matter = hall.matter
    permit(actor, Capability.MODERATE_DISCUSSION, matter.place)
    try:
        text, cleaned = hall_rules.check_summary(common_ground=common_ground, groups=groups)
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="common_ground" if "common_ground" in error.code else "groups") from error
    wanted = {post_id for group in cleaned for post_id in group.post_ids}
    visible = {
        post.pk: post
        for post in Post.objects.filter(hall=hall, pk__in=wanted, hidden_at__isnull=True).only("pk", "author_id")
    }
    if wanted - set(visible):
        raise ActionError(
            _("An opinion group names a post that is not a visible post of this hall."),
            code="hall_summary_post_unknown",
            field="groups",
        )
    positions = Post.objects.filter(hall=hall, hidden_at__isnull=True).values_list("position", flat=True)
    counted = hall_rules.tally(positions)
    summary = CommonGround.objects.create(
        hall=hall,
        text=text,
        tally={position.value: counted.count(position) for position in hall_rules.Position},
        written_by=actor.user,
    )
    for index, group in enumerate(cleaned, start=1):
        support = hall_rules.group_support(
            authors=(visible[post_id].author_id for post_id in group.post_ids), offline=group.offline_supporters
        )
        row = OpinionGroup.objects.create(
            summary=summary,
            position=index,
            title=group.title,
            description=group.description,
            offline_supporters=group.offline_supporters,
            support_count=support,
        )
        row.posts.set([visible[post_id] for post_id in group.post_ids])
    record_audit(
        actor=actor,
        verb="hall.summarise",
        target=hall,
        place=matter.place,
        changes={"groups": [None, [group.title for group in cleaned]]},
        note=text,
    )
    record_event(
        matter=matter,
        kind=events.HALL_SUMMARISED,
        actor=actor,
        text=text,
        url=hall.get_absolute_url(),
        sms=False,
    )
    return summary
