"""Writes of public disclosure. Each checks permission and state, saves, and appends the audit record.

Other apps publish through `publish_for`; staff pages and the API go through the draft actions.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.disclosure.conf import minimum_posting_days
from yishi.disclosure.domain import kinds as kind_rules
from yishi.disclosure.domain.privacy import Finding, IdentifierKind
from yishi.disclosure.domain.rows import Row, RowError, RowProblem, rows_from_data
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.disclosure.queries import personal_data_findings
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can
from yishi.places.models import Place, PlaceKind

_AUDITED = (
    "community",
    "place",
    "kind",
    "title",
    "body",
    "rows",
    "source_url",
    "posted_until",
    "due_by",
    "corrects",
)
_PUBLISHED_AUDIT = (*_AUDITED, "status", "number", "posted_from", "published_at")
TITLE_MAX = 200
BODY_MAX = 20000

ROW_MESSAGES = {
    RowProblem.ITEM_EMPTY: _("Row %(number)s needs an item."),
    RowProblem.ITEM_LONG: _("The item of row %(number)s is longer than 200 characters."),
    RowProblem.AMOUNT_INVALID: _("The amount of row %(number)s is not a number of yuan."),
    RowProblem.AMOUNT_PRECISION: _("The amount of row %(number)s has more than two decimal places."),
    RowProblem.AMOUNT_TOO_LARGE: _("The amount of row %(number)s is implausibly large."),
    RowProblem.DATE_INVALID: _("The date of row %(number)s is not a date such as 2026-03-01."),
    RowProblem.SHAPE: _("Row %(number)s must read: item | amount | date."),
    RowProblem.TOO_MANY: _("A notice holds at most 500 rows."),
}


def row_error(error: RowError) -> ActionError:
    """The translated refusal for a row that cannot be right."""
    return ActionError(ROW_MESSAGES[error.problem] % {"number": error.number}, code=error.problem, field="rows")


def _clean_rows(rows: Iterable[Row | Mapping[str, Any]] | None) -> list[dict[str, str]]:
    try:
        checked = rows_from_data(item.as_json() if isinstance(item, Row) else item for item in rows or [])
    except RowError as error:
        raise row_error(error) from error
    return [row.as_json() for row in checked]


def _actor_may_publish(actor: Actor, place: Place) -> bool:
    # The system actor publishes on behalf of a workflow that already checked its own permissions
    # (a vote closing, a task finishing); it is never built from a request.
    if actor.user is None:
        return actor.channel == Channel.SYSTEM
    return can(actor.user, Capability.PUBLISH_NOTICE, place)  # type: ignore[arg-type]


def _require_publisher(actor: Actor, place: Place) -> None:
    if not _actor_may_publish(actor, place):
        raise NotPermitted(_("You may not publish notices for this place."))


def _check_places(community: Place, place: Place | None) -> Place:
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(
            _("Notices are published on a community's board."), code="notice_not_community", field="community"
        )
    if place is None:
        return community
    if place.pk != community.pk and not place.path.startswith(community.path):
        raise ActionError(_("The place must lie inside the community."), code="notice_place_outside", field="place")
    return place


def _check_text(*, kind: str, title: str, body: str, source_url: str) -> tuple[str, str]:
    if kind not in NoticeKind.values:
        raise ActionError(_("Unknown kind of notice."), code="notice_kind_unknown", field="kind")
    title = title.strip()
    if not title:
        raise ActionError(_("A notice needs a title."), code="notice_title_empty", field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(_("The title is longer than 200 characters."), code="notice_title_long", field="title")
    if len(body) > BODY_MAX:
        raise ActionError(_("The text is longer than 20,000 characters."), code="notice_body_long", field="body")
    local = source_url.startswith("/") and not source_url.startswith("//")
    if source_url and not (local or source_url.startswith(("https://", "http://"))):
        raise ActionError(
            _("The source page must be a path on this site or a web address."),
            code="notice_source_url",
            field="source_url",
        )
    return title, body.strip()


def _check_correction(corrects: Notice | None, community: Place) -> None:
    if corrects is None:
        return
    # The stored row decides, not the caller's copy, which may predate its publication.
    stored = Notice.objects.filter(pk=corrects.pk).values("status", "community_id").first()
    if stored is None or stored["status"] == NoticeStatus.DRAFT:
        raise ActionError(
            _("Only a published notice can be corrected; edit the draft instead."),
            code="notice_correct_draft",
            field="corrects",
        )
    if stored["community_id"] != community.pk:
        raise ActionError(
            _("A correction appears on the same community's board as the notice it corrects."),
            code="notice_correct_elsewhere",
            field="corrects",
        )


@transaction.atomic
def create_draft(
    *,
    actor: Actor,
    community: Place,
    kind: str,
    title: str,
    body: str = "",
    rows: Iterable[Row | Mapping[str, Any]] | None = None,
    place: Place | None = None,
    source: models.Model | None = None,
    source_url: str = "",
    posted_until: datetime.date | None = None,
    due_by: datetime.date | None = None,
    corrects: Notice | None = None,
) -> Notice:
    """Draft a notice for a community's board (or a place inside it); nothing is public yet."""
    target = _check_places(community, place)
    _require_publisher(actor, target)
    title, body = _check_text(kind=kind, title=title, body=body, source_url=source_url)
    _check_correction(corrects, community)
    notice = Notice(
        community=community,
        place=target,
        kind=kind,
        title=title,
        body=body,
        rows=_clean_rows(rows),
        source_url=source_url or _url_of(source),
        posted_until=posted_until,
        due_by=due_by,
        corrects=corrects,
        created_by=actor.user,
    )
    if source is not None:
        notice.source_content_type = ContentType.objects.get_for_model(source)
        notice.source_object_id = source.pk
    notice.save()
    record_audit(
        actor=actor,
        verb="notice.create_draft",
        target=notice,
        place=target,
        changes=diff({}, snapshot(notice, _AUDITED)),
    )
    return notice


def _url_of(source: models.Model | None) -> str:
    get_url = getattr(source, "get_absolute_url", None)
    return str(get_url()) if callable(get_url) else ""


def _locked_draft(notice: Notice) -> Notice:
    fresh = Notice.objects.select_for_update().select_related("community", "place").filter(pk=notice.pk).first()
    if fresh is None:
        raise ActionError(_("This draft no longer exists."), code="notice_gone")
    if fresh.status != NoticeStatus.DRAFT:
        raise ActionError(
            _("A published notice is never changed. Publish a correction instead."),
            code="notice_published_immutable",
        )
    return fresh


@transaction.atomic
def update_draft(
    *,
    actor: Actor,
    notice: Notice,
    kind: str,
    title: str,
    body: str,
    rows: Iterable[Row | Mapping[str, Any]] | None,
    place: Place | None,
    source_url: str,
    posted_until: datetime.date | None,
    due_by: datetime.date | None,
) -> Notice:
    """Replace what a draft says; a published notice is refused (publish a correction instead)."""
    draft = _locked_draft(notice)
    _require_publisher(actor, draft.place)
    before = snapshot(draft, _AUDITED)
    target = _check_places(draft.community, place)
    _require_publisher(actor, target)
    draft.title, draft.body = _check_text(kind=kind, title=title, body=body, source_url=source_url)
    draft.place = target
    draft.kind = kind
    draft.source_url = source_url
    draft.rows = _clean_rows(rows)
    draft.posted_until = posted_until
    draft.due_by = due_by
    draft.save()
    changes = diff(before, snapshot(draft, _AUDITED))
    if changes:
        record_audit(actor=actor, verb="notice.update_draft", target=draft, place=draft.place, changes=changes)
    if notice is not draft:
        notice.refresh_from_db()
    return draft


@transaction.atomic
def discard_draft(*, actor: Actor, notice: Notice) -> None:
    """Delete a draft that was never published; the audit record keeps what it said."""
    draft = _locked_draft(notice)
    _require_publisher(actor, draft.place)
    record_audit(
        actor=actor,
        verb="notice.discard_draft",
        target=draft,
        place=draft.place,
        changes=diff(snapshot(draft, _AUDITED), {}),
    )
    try:
        draft.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ActionError(
            _("Another record refers to this draft, so it cannot be deleted; publish or edit it instead."),
            code="notice_draft_referenced",
        ) from error


def personal_data_error(findings: list[Finding]) -> ActionError:
    """PI-1's refusal, naming the first identifier found in its masked form."""
    first = findings[0]
    where = {"title": gettext("the title"), "body": gettext("the text")}.get(first.field, gettext("the table"))
    if first.kind == IdentifierKind.PHONE:
        message = gettext(
            "The notice may not show a full phone number: %(where)s contains %(masked)s in full. "
            "Write it masked (such as %(masked)s) or leave it out."
        )
    else:
        message = gettext(
            "The notice may not show a full ID number: %(where)s contains %(masked)s in full. "
            "Write it masked (such as %(masked)s) or leave it out."
        )
    field = first.field if first.field in {"title", "body"} else "rows"
    return ActionError(
        message % {"where": where, "masked": first.masked}, code=f"notice_full_{first.kind}", field=field
    )


def check_personal_data(notice: Notice) -> None:
    """PI-1: refuse a notice whose title, text or table shows a full mobile or ID number."""
    findings = personal_data_findings(notice)
    if findings:
        raise personal_data_error(findings)


def _next_number(community: Place, year: int) -> str:
    # Numbers run per community and year; the community row is locked so that two notices published
    # at once cannot take the same number (the unique constraint would refuse the second anyway).
    Place.objects.select_for_update().filter(pk=community.pk).first()
    prefix = f"{year}-"
    count = Notice.objects.filter(community=community, number__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


@transaction.atomic
def publish_notice(*, actor: Actor, notice: Notice) -> Notice:
    """Publish a draft on its community's board; from now on it is never changed."""
    draft = _locked_draft(notice)
    _require_publisher(actor, draft.place)
    check_personal_data(draft)
    _check_correction(draft.corrects, draft.community)
    before = snapshot(draft, _PUBLISHED_AUDIT)
    now = timezone.now()
    today = timezone.localdate(now)
    minimum = minimum_posting_days()
    kind = kind_rules.NoticeKind(draft.kind)
    earliest = kind_rules.earliest_allowed_until(posted_from=today, minimum=minimum)
    if draft.posted_until is None:
        draft.posted_until = kind_rules.default_posted_until(kind=kind, posted_from=today, minimum=minimum)
    elif draft.posted_until < earliest:
        raise ActionError(
            gettext("A notice stays posted at least %(days)s days: choose %(date)s or later as its last day.")
            % {"days": minimum, "date": earliest.isoformat()},
            code="notice_posting_too_short",
            field="posted_until",
        )
    draft.posted_from = today
    draft.status = NoticeStatus.PUBLISHED
    draft.published_at = now
    draft.published_by = actor.user
    draft.number = _next_number(draft.community, today.year)
    draft.save()
    record_audit(
        actor=actor,
        verb="notice.publish",
        target=draft,
        place=draft.place,
        changes=diff(before, snapshot(draft, _PUBLISHED_AUDIT)),
    )
    posted_until = draft.posted_until
    transaction.on_commit(lambda: _schedule_archiving(posted_until))
    if notice is not draft:
        notice.refresh_from_db()
    return draft


def _schedule_archiving(posted_until: datetime.date) -> None:
    from yishi.disclosure.tasks import archive_expired_notices

    # A backend that can defer runs the sweep the day after the notice comes down; others rely on
    # `manage.py archive_expired_notices` from cron. Until then the board already files it by date.
    if archive_expired_notices.get_backend().supports_defer:
        day_after = posted_until + datetime.timedelta(days=1)
        run_after = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time(0, 5)))
        archive_expired_notices.using(run_after=run_after).enqueue()


@transaction.atomic
def publish_correction(
    *,
    actor: Actor,
    original: Notice,
    title: str,
    body: str,
    rows: Iterable[Row | Mapping[str, Any]] | None = None,
    posted_until: datetime.date | None = None,
) -> Notice:
    """Publish at once a new notice that corrects a published one; the original stays as it was."""
    _check_correction(original, original.community)
    draft = create_draft(
        actor=actor,
        community=original.community,
        place=original.place,
        kind=original.kind,
        title=title,
        body=body,
        rows=rows if rows is not None else original.rows,
        source=original.source,
        source_url=original.source_url,
        posted_until=posted_until,
        corrects=original,
    )
    return publish_notice(actor=actor, notice=draft)


@transaction.atomic
def publish_for(
    *,
    actor: Actor,
    community: Place,
    kind: str,
    title: str,
    body: str,
    source: models.Model | None,
    rows: Iterable[Row | Mapping[str, Any]] | None = None,
    place: Place | None = None,
    due_by: datetime.date | None = None,
    posted_until: datetime.date | None = None,
) -> Notice:
    """Publish a notice about `source` on `community`'s public board in one step, and return it.

    The way every other app discloses what it did (a triage list, a deliberation outcome, a decision,
    an implementation result, accounts, an election list…):

        from yishi.disclosure.actions import publish_for
        from yishi.disclosure.models import NoticeKind

        notice = publish_for(
            actor=actor,                      # a user holding PUBLISH_NOTICE at `place`, or Actor.system()
            community=matter.community,       # a Place of kind "community": whose board it goes on
            kind=NoticeKind.DECISION,         # one of NoticeKind
            title="关于加装电梯的决议",
            body="…",                         # plain text; blank lines part paragraphs, "- " makes lists, **bold**
            source=vote,                      # the record disclosed (generic link); its get_absolute_url() is kept
            rows=[{"item": "材料费", "amount": "1200.00", "date": "2026-03-01"}],  # accounts only; Decimal-exact
            place=matter.place,               # optional: a compound or building inside the community
            due_by=deadline,                  # optional: the date the law or catalogue wanted it public by
        )

    It runs in the caller's transaction: if the caller's work rolls back, nothing is published. It
    raises ActionError (with a translated message and a stable code) when the actor may not publish
    there, or when the title, text or table shows a full mobile or ID number (PI-1): mask them first
    with `yishi.disclosure.domain.privacy.mask_identifiers`. Once published the notice never
    changes; to correct it, call `publish_correction`.
    """
    draft = create_draft(
        actor=actor,
        community=community,
        kind=kind,
        title=title,
        body=body,
        rows=rows,
        place=place,
        source=source,
        posted_until=posted_until,
        due_by=due_by,
    )
    return publish_notice(actor=actor, notice=draft)


@transaction.atomic
def archive_expired(*, on: datetime.date | None = None) -> int:
    """Archive every published notice whose posting period ended before `on`; running it again does nothing."""
    day = on or timezone.localdate()
    actor = Actor.system()
    archived = 0
    expired = (
        Notice.objects.select_for_update()
        .select_related("place")
        .filter(status=NoticeStatus.PUBLISHED, posted_until__lt=day)
        .order_by("pk")
    )
    for notice in expired:
        notice.status = NoticeStatus.ARCHIVED
        notice.archived_at = timezone.now()
        notice.save(update_fields=["status", "archived_at", "updated_at"])
        record_audit(
            actor=actor,
            verb="notice.archive",
            target=notice,
            place=notice.place,
            changes={"status": [NoticeStatus.PUBLISHED, NoticeStatus.ARCHIVED]},
        )
        archived += 1
    return archived


def may_export_ledgers(actor: Actor, community: Place) -> bool:
    """Staff who publish notices, and the supervision committee that oversees disclosure (CW-27)."""
    if actor.user is None:
        return False
    user: Any = actor.user
    return can(user, Capability.PUBLISH_NOTICE, community) or can(user, Capability.VIEW_AUDIT, community)


@transaction.atomic
def export_ledgers(*, actor: Actor, community: Place, start: datetime.date, end: datetime.date) -> bytes:
    """The community's ledger workbook (.xlsx) for a period; the export itself goes on the audit record."""
    from yishi.disclosure.ledgers import build_workbook

    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(_("Ledgers are kept per community."), code="ledger_not_community", field="community")
    if not may_export_ledgers(actor, community):
        raise NotPermitted(_("You may not export this community's ledgers."))
    if end < start:
        raise ActionError(_("The period ends before it starts."), code="ledger_period_reversed", field="end")
    content = build_workbook(community, start, end)
    record_audit(
        actor=actor,
        verb="ledger.export",
        target=community,
        place=community,
        changes={"period": [start.isoformat(), end.isoformat()]},
    )
    return content
