"""Meetings and their outcomes: kinds, the meeting's status machine, and what may be done in which status.

Seed 001 names the "three meetings" (三会: 听证会、协调会、评议会); XS-3 lists the forms of consultation
(议事协商会、民主听证会、民主恳谈会、民主评议会、网上协商…). A democratic dialogue (民主恳谈会) is held as a
variant of the ordinary deliberation meeting. The outcome (协商意见) is reviewed by the community party
organisation before it goes to a decision or is published (seed 004: "审议协商成果经社区(村)党组织审核后").

XS-5 (RULES.md §5): outcomes within self-governance are carried out by the committee; where the law requires a
decision (a residents' or villagers' meeting, an owners' assembly), the outcome goes to that vote — a consultation
does not replace a legally required vote.
"""

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from yishi.deliberation.domain.texts import DeliberationDomainError, Message
from yishi.matters.domain.lifecycle import MatterStatus


class MeetingKind(StrEnum):
    DELIBERATION = "deliberation"
    HEARING = "hearing"
    COORDINATION = "coordination"
    REVIEW = "review"

    @property
    def label(self) -> Message:
        return _KIND_LABELS[self]


_KIND_LABELS: Mapping[MeetingKind, Message] = MappingProxyType(
    {
        MeetingKind.DELIBERATION: Message(zh_hans="议事协商会", en="deliberation meeting"),
        MeetingKind.HEARING: Message(zh_hans="听证会", en="hearing"),
        MeetingKind.COORDINATION: Message(zh_hans="协调会", en="coordination meeting"),
        MeetingKind.REVIEW: Message(zh_hans="评议会", en="review meeting"),
    }
)
DIALOGUE_LABEL = Message(zh_hans="民主恳谈会", en="democratic dialogue")


class Venue(StrEnum):
    ROOM = "room"
    ON_SITE = "on_site"
    ONLINE = "online"


class Scheduling(StrEnum):
    SCHEDULED = "scheduled"
    AD_HOC = "ad_hoc"


class MeetingStatus(StrEnum):
    PLANNED = "planned"  # being prepared: agenda and seats
    CONVENED = "convened"  # invitations sent
    IN_SESSION = "in_session"  # opened: sign-in, minutes, outcome
    ENDED = "ended"  # held; its outcomes go to review
    CANCELLED = "cancelled"

    @property
    def label(self) -> Message:
        return _STATUS_LABELS[self]


_STATUS_LABELS: Mapping[MeetingStatus, Message] = MappingProxyType(
    {
        MeetingStatus.PLANNED: Message(zh_hans="筹备中", en="being prepared"),
        MeetingStatus.CONVENED: Message(zh_hans="已发出邀请", en="invitations sent"),
        MeetingStatus.IN_SESSION: Message(zh_hans="会议进行中", en="in session"),
        MeetingStatus.ENDED: Message(zh_hans="已召开", en="held"),
        MeetingStatus.CANCELLED: Message(zh_hans="已取消", en="cancelled"),
    }
)

_S = MeetingStatus
_MEETING_MOVES: Mapping[MeetingStatus, frozenset[MeetingStatus]] = MappingProxyType(
    {
        _S.PLANNED: frozenset({_S.CONVENED, _S.IN_SESSION, _S.CANCELLED}),
        _S.CONVENED: frozenset({_S.IN_SESSION, _S.CANCELLED}),
        _S.IN_SESSION: frozenset({_S.ENDED}),
        _S.ENDED: frozenset(),
        _S.CANCELLED: frozenset(),
    }
)

# What may be done in which status.
EDITABLE: frozenset[MeetingStatus] = frozenset({_S.PLANNED, _S.CONVENED})
SEATS_CHANGEABLE: frozenset[MeetingStatus] = frozenset({_S.PLANNED, _S.CONVENED, _S.IN_SESSION})
SIGN_IN_OPEN: frozenset[MeetingStatus] = frozenset({_S.CONVENED, _S.IN_SESSION})
MINUTES_OPEN: frozenset[MeetingStatus] = frozenset({_S.IN_SESSION, _S.ENDED})
UPCOMING: frozenset[MeetingStatus] = frozenset({_S.PLANNED, _S.CONVENED, _S.IN_SESSION})


def check_meeting_transition(*, from_status: MeetingStatus, to_status: MeetingStatus, scheduling: Scheduling) -> None:
    """Raise unless the meeting may move; only an ad hoc meeting opens without invitations sent first."""
    allowed = _MEETING_MOVES[from_status]
    if from_status is _S.PLANNED and to_status is _S.IN_SESSION and scheduling is not Scheduling.AD_HOC:
        allowed = allowed - {_S.IN_SESSION}
    if to_status in allowed:
        return
    if from_status is _S.PLANNED and to_status is _S.IN_SESSION:
        raise DeliberationDomainError(
            code="meeting.invite_first",
            zh_hans="定期会议须先发出邀请再开会；临时会议可以直接开会。",
            en="Send the invitations before opening a scheduled meeting; only an ad hoc meeting opens at once.",
        )
    raise DeliberationDomainError(
        code="meeting.transition_not_allowed",
        zh_hans=f"会议不能从“{from_status.label.zh_hans}”转为“{to_status.label.zh_hans}”。",
        en=f"A meeting cannot go from {from_status.label.en} to {to_status.label.en}.",
    )


def check_dialogue(*, kind: MeetingKind, is_dialogue: bool) -> None:
    """A democratic dialogue (民主恳谈会) is a form of the ordinary deliberation meeting only."""
    if is_dialogue and kind is not MeetingKind.DELIBERATION:
        raise DeliberationDomainError(
            code="meeting.dialogue_kind",
            zh_hans="民主恳谈会是议事协商会的一种形式。",
            en="A democratic dialogue is a form of the deliberation meeting.",
        )


def meeting_title_label(*, kind: MeetingKind, is_dialogue: bool) -> Message:
    """The name of the meeting's form: its kind, or 民主恳谈会."""
    return DIALOGUE_LABEL if is_dialogue and kind is MeetingKind.DELIBERATION else kind.label


class OutcomeStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # awaiting the party organisation's review
    SENT_BACK = "sent_back"
    APPROVED = "approved"

    @property
    def label(self) -> Message:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS: Mapping[OutcomeStatus, Message] = MappingProxyType(
    {
        OutcomeStatus.DRAFT: Message(zh_hans="草稿", en="draft"),
        OutcomeStatus.SUBMITTED: Message(zh_hans="待党组织审核", en="awaiting the party organisation's review"),
        OutcomeStatus.SENT_BACK: Message(zh_hans="已退回修改", en="sent back for revision"),
        OutcomeStatus.APPROVED: Message(zh_hans="审核通过", en="approved"),
    }
)

_O = OutcomeStatus
_OUTCOME_MOVES: Mapping[OutcomeStatus, frozenset[OutcomeStatus]] = MappingProxyType(
    {
        _O.DRAFT: frozenset({_O.SUBMITTED}),
        _O.SUBMITTED: frozenset({_O.SENT_BACK, _O.APPROVED}),
        _O.SENT_BACK: frozenset({_O.SUBMITTED}),
        _O.APPROVED: frozenset(),
    }
)
REVISABLE: frozenset[OutcomeStatus] = frozenset({_O.DRAFT, _O.SENT_BACK})


def check_outcome_transition(*, from_status: OutcomeStatus, to_status: OutcomeStatus) -> None:
    if to_status in _OUTCOME_MOVES[from_status]:
        return
    raise DeliberationDomainError(
        code="outcome.transition_not_allowed",
        zh_hans=f"协商意见不能从“{from_status.label.zh_hans}”转为“{to_status.label.zh_hans}”。",
        en=f"An outcome cannot go from {from_status.label.en} to {to_status.label.en}.",
    )


def check_revisable(status: OutcomeStatus) -> None:
    """An outcome is written, revised and given its dissent while it is a draft or was sent back."""
    if status not in REVISABLE:
        raise DeliberationDomainError(
            code="outcome.not_revisable",
            zh_hans="已提交审核或已通过的协商意见不能修改。",
            en="An outcome that is under review or approved cannot be changed.",
        )


class OutcomeRoute(StrEnum):
    """Where an approved outcome takes its matter next."""

    DECISION = "decision"  # a vote: the law requires one, or the residents concerned decide online
    IMPLEMENTATION = "implementation"  # within self-governance, no vote legally required: carried out
    NO_ACTION = "no_action"  # agreed that nothing is to be done: published and closed

    @property
    def label(self) -> Message:
        return _ROUTE_LABELS[self]


_ROUTE_LABELS: Mapping[OutcomeRoute, Message] = MappingProxyType(
    {
        OutcomeRoute.DECISION: Message(zh_hans="提交表决（民事民决）", en="goes to a vote"),
        OutcomeRoute.IMPLEMENTATION: Message(
            zh_hans="属自治范围、无须表决，直接组织实施", en="within self-governance, no vote required: carried out"
        ),
        OutcomeRoute.NO_ACTION: Message(
            zh_hans="协商后无须办理，公开后办结", en="nothing to be done: published and closed"
        ),
    }
)


def check_route(*, route: OutcomeRoute, vote_required: bool) -> None:
    """XS-5: where the law requires a vote, the outcome goes to that vote; consultation does not replace it."""
    if vote_required and route is not OutcomeRoute.DECISION:
        raise DeliberationDomainError(
            code="outcome.vote_required",
            zh_hans="法律规定须经表决的事项，协商意见必须提交表决，协商不能代替法定表决。",
            en="Where the law requires a vote, the outcome must go to that vote: a consultation does not replace it.",
        )


def matter_status_after_approval(route: OutcomeRoute) -> MatterStatus:
    """The matter's next status once the party organisation approves the outcome."""
    return {
        OutcomeRoute.DECISION: MatterStatus.DECIDING,
        OutcomeRoute.IMPLEMENTATION: MatterStatus.IMPLEMENTING,
        OutcomeRoute.NO_ACTION: MatterStatus.CLOSED,
    }[route]


def check_review_reasons(*, approve: bool, reasons: str) -> str:
    """Sending an outcome back needs the reasons, which are kept on the record; approving may add a note."""
    text = reasons.strip()
    if not approve and not text:
        raise DeliberationDomainError(
            code="review.reasons_required",
            zh_hans="退回修改须写明理由。",
            en="Say why the outcome is sent back.",
        )
    if len(text) > 2000:
        raise DeliberationDomainError(
            code="review.reasons_too_long",
            zh_hans="理由不能超过2000字。",
            en="The reasons are longer than 2,000 characters.",
        )
    return text
