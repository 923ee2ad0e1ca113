"""The online deliberation hall (线上议事厅): positions, the rules of a post, tallies and opinion groups.

Its purpose, in the words of seed 003, is "找到群众意愿和要求的最大公约数": staff group the opinions and name the
common ground. A group's support is counted by people, not by posts: a resident who posts three times in favour
counts once, and residents heard offline (at a meeting, on a visit) are added by staff with the source recorded.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from yishi.deliberation.domain.texts import DeliberationDomainError, Message

POST_MAX = 2000
REASON_MAX = 500
SUMMARY_MAX = 5000
GROUP_TITLE_MAX = 100
GROUPS_MAX = 12
OFFLINE_SUPPORT_MAX = 100_000


class Position(StrEnum):
    """What a post says about the matter."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    SUGGESTION = "suggestion"
    QUESTION = "question"

    @property
    def label(self) -> Message:
        return _POSITION_LABELS[self]


_POSITION_LABELS: Mapping[Position, Message] = MappingProxyType(
    {
        Position.SUPPORT: Message(zh_hans="支持", en="support"),
        Position.OPPOSE: Message(zh_hans="反对", en="oppose"),
        Position.SUGGESTION: Message(zh_hans="建议", en="suggestion"),
        Position.QUESTION: Message(zh_hans="提问", en="question"),
    }
)


def clean_post_text(text: str) -> str:
    """A post's text without surrounding blanks; refuses an empty or oversized post."""
    cleaned = text.strip()
    if not cleaned:
        raise DeliberationDomainError(
            code="hall.post_empty", zh_hans="请写下您的意见。", en="Write what you think before posting."
        )
    if len(cleaned) > POST_MAX:
        raise DeliberationDomainError(
            code="hall.post_too_long",
            zh_hans=f"发言不能超过{POST_MAX}字（现有{len(cleaned)}字）。",
            en=f"A post has at most {POST_MAX} characters (this one has {len(cleaned)}).",
        )
    return cleaned


def clean_position(raw: str, *, is_reply: bool) -> Position | None:
    """A top-level post takes a position; a reply may leave it out."""
    if not raw:
        if is_reply:
            return None
        raise DeliberationDomainError(
            code="hall.position_required",
            zh_hans="请选择您的态度：支持、反对、建议或提问。",
            en="Choose your position: support, oppose, suggestion or question.",
        )
    try:
        return Position(raw)
    except ValueError as error:
        raise DeliberationDomainError(
            code="hall.position_unknown", zh_hans="未知的态度。", en="Unknown position."
        ) from error


def clean_reason(text: str, *, code: str) -> str:
    """The reason for hiding or reporting a post: required, at most REASON_MAX characters."""
    cleaned = text.strip()
    if not cleaned:
        raise DeliberationDomainError(code=f"{code}_reason_required", zh_hans="请写明理由。", en="Give the reason.")
    if len(cleaned) > REASON_MAX:
        raise DeliberationDomainError(
            code=f"{code}_reason_too_long",
            zh_hans=f"理由不能超过{REASON_MAX}字。",
            en=f"The reason has at most {REASON_MAX} characters.",
        )
    return cleaned


def thread_root(*, parent_id: int | None, parent_root_id: int | None) -> int | None:
    """The top-level post a reply belongs to: threads are one level deep, a reply to a reply joins its thread."""
    if parent_id is None:
        return None
    return parent_root_id if parent_root_id is not None else parent_id


@dataclass(frozen=True, kw_only=True)
class PositionTally:
    support: int = 0
    oppose: int = 0
    suggestion: int = 0
    question: int = 0

    @property
    def total(self) -> int:
        return self.support + self.oppose + self.suggestion + self.question

    def count(self, position: Position) -> int:
        return int(getattr(self, position.value))


def tally(positions: Iterable[Position | str | None]) -> PositionTally:
    """How many visible posts took each position (posts without a position are not counted)."""
    counts = dict.fromkeys(Position, 0)
    for position in positions:
        if position:
            counts[Position(position)] += 1
    return PositionTally(**{position.value: count for position, count in counts.items()})


def group_support(*, authors: Iterable[Hashable], offline: int) -> int:
    """The people behind an opinion group: distinct authors of its posts plus those heard offline."""
    if offline < 0 or offline > OFFLINE_SUPPORT_MAX:
        raise DeliberationDomainError(
            code="hall.offline_support_range",
            zh_hans=f"线下支持人数应在0到{OFFLINE_SUPPORT_MAX}之间。",
            en=f"The number heard offline is between 0 and {OFFLINE_SUPPORT_MAX}.",
        )
    return len(set(authors)) + offline


@dataclass(frozen=True, kw_only=True)
class GroupDraft:
    """An opinion group as staff describe it: a title, what it holds, its posts and supporters heard offline."""

    title: str
    description: str = ""
    post_ids: tuple[int, ...] = ()
    offline_supporters: int = 0


def check_summary(*, common_ground: str, groups: Iterable[GroupDraft]) -> tuple[str, tuple[GroupDraft, ...]]:
    """A summary names the common ground and at least one opinion group, each with a title."""
    text = common_ground.strip()
    if not text:
        raise DeliberationDomainError(
            code="hall.common_ground_required",
            zh_hans="请写出各方意见的最大公约数（共识）。",
            en="Write the common ground the opinion groups share.",
        )
    if len(text) > SUMMARY_MAX:
        raise DeliberationDomainError(
            code="hall.summary_too_long",
            zh_hans=f"共识不能超过{SUMMARY_MAX}字。",
            en=f"The common ground has at most {SUMMARY_MAX} characters.",
        )
    cleaned: list[GroupDraft] = []
    for group in groups:
        title = " ".join(group.title.split())
        if not title and not group.description.strip() and not group.post_ids and not group.offline_supporters:
            continue  # an empty row of the form
        if not title:
            raise DeliberationDomainError(
                code="hall.group_title_required",
                zh_hans="每个意见群体都需要一个名称。",
                en="Each opinion group needs a title.",
            )
        if len(title) > GROUP_TITLE_MAX or len(group.description) > SUMMARY_MAX:
            raise DeliberationDomainError(
                code="hall.group_too_long",
                zh_hans=f"意见群体名称不能超过{GROUP_TITLE_MAX}字。",
                en=f"An opinion group's title has at most {GROUP_TITLE_MAX} characters.",
            )
        group_support(authors=(), offline=group.offline_supporters)
        cleaned.append(
            GroupDraft(
                title=title,
                description=group.description.strip(),
                post_ids=tuple(dict.fromkeys(group.post_ids)),
                offline_supporters=group.offline_supporters,
            )
        )
    if not cleaned:
        raise DeliberationDomainError(
            code="hall.groups_required",
            zh_hans="请至少列出一个意见群体。",
            en="List at least one opinion group.",
        )
    if len(cleaned) > GROUPS_MAX:
        raise DeliberationDomainError(
            code="hall.too_many_groups",
            zh_hans=f"意见群体不超过{GROUPS_MAX}个。",
            en=f"At most {GROUPS_MAX} opinion groups.",
        )
    return text, tuple(cleaned)
