"""The hall's rules: a post's text and position, threads one level deep, tallies and opinion groups."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.deliberation.domain.hall import (
    GROUPS_MAX,
    POST_MAX,
    REASON_MAX,
    GroupDraft,
    Position,
    check_summary,
    clean_position,
    clean_post_text,
    clean_reason,
    group_support,
    tally,
    thread_root,
)
from yishi.deliberation.domain.texts import DeliberationDomainError


def test_post_text_is_trimmed_and_bounded() -> None:
    assert clean_post_text("  支持加装路灯\n") == "支持加装路灯"
    assert clean_post_text("长" * POST_MAX) == "长" * POST_MAX
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(DeliberationDomainError) as refused:
            clean_post_text(empty)
        assert refused.value.code == "hall.post_empty"
    with pytest.raises(DeliberationDomainError) as long:
        clean_post_text("长" * (POST_MAX + 1))
    assert long.value.code == "hall.post_too_long"
    assert str(POST_MAX + 1) in long.value.message.zh_hans


def test_a_top_level_post_takes_a_position_a_reply_need_not() -> None:
    assert clean_position("support", is_reply=False) is Position.SUPPORT
    assert clean_position("", is_reply=True) is None
    assert clean_position("question", is_reply=True) is Position.QUESTION
    with pytest.raises(DeliberationDomainError) as missing:
        clean_position("", is_reply=False)
    assert missing.value.code == "hall.position_required"
    with pytest.raises(DeliberationDomainError) as unknown:
        clean_position("maybe", is_reply=False)
    assert unknown.value.code == "hall.position_unknown"


def test_reasons() -> None:
    assert clean_reason(" 人身攻击 ", code="post_hide") == "人身攻击"
    with pytest.raises(DeliberationDomainError) as empty:
        clean_reason(" ", code="post_hide")
    assert empty.value.code == "post_hide_reason_required"
    with pytest.raises(DeliberationDomainError) as long:
        clean_reason("长" * (REASON_MAX + 1), code="report")
    assert long.value.code == "report_reason_too_long"


def test_threads_are_one_level_deep() -> None:
    assert thread_root(parent_id=None, parent_root_id=None) is None
    assert thread_root(parent_id=7, parent_root_id=None) == 7
    assert thread_root(parent_id=9, parent_root_id=7) == 7


def test_tally_counts_positions_of_visible_posts() -> None:
    counted = tally(["support", "support", "oppose", None, "", Position.QUESTION, "suggestion"])
    assert (counted.support, counted.oppose, counted.suggestion, counted.question) == (2, 1, 1, 1)
    assert counted.total == 5
    assert counted.count(Position.SUPPORT) == 2


@given(st.lists(st.sampled_from(["support", "oppose", "suggestion", "question", ""])))
def test_tally_adds_up(positions: list[str]) -> None:
    assert tally(positions).total == sum(1 for position in positions if position)


def test_support_is_counted_by_people_not_posts() -> None:
    assert group_support(authors=[1, 1, 2, 3, 3, 3], offline=4) == 7
    assert group_support(authors=[], offline=0) == 0
    with pytest.raises(DeliberationDomainError):
        group_support(authors=[1], offline=-1)


def test_a_summary_needs_common_ground_and_a_titled_group() -> None:
    text, groups = check_summary(
        common_ground=" 都同意先修路灯 ",
        groups=[
            GroupDraft(title=" 太阳能 路灯 ", post_ids=(3, 1, 3), offline_supporters=2),
            GroupDraft(title=""),  # an empty row of the form is skipped
        ],
    )
    assert text == "都同意先修路灯"
    assert groups == (GroupDraft(title="太阳能 路灯", post_ids=(3, 1), offline_supporters=2),)
    refusals = [
        ("", [GroupDraft(title="甲")], "hall.common_ground_required"),
        ("共识", [], "hall.groups_required"),
        ("共识", [GroupDraft(title="", description="有内容无名称")], "hall.group_title_required"),
        ("共识", [GroupDraft(title="长" * 101)], "hall.group_too_long"),
        ("共识", [GroupDraft(title=f"组{index}") for index in range(GROUPS_MAX + 1)], "hall.too_many_groups"),
        ("共识", [GroupDraft(title="甲", offline_supporters=-3)], "hall.offline_support_range"),
        ("长" * 5001, [GroupDraft(title="甲")], "hall.summary_too_long"),
    ]
    for common_ground, drafts, code in refusals:
        with pytest.raises(DeliberationDomainError) as refused:
            check_summary(common_ground=common_ground, groups=drafts)
        assert refused.value.code == code, code


def test_positions_are_bilingual() -> None:
    assert [position.label.zh_hans for position in Position] == ["支持", "反对", "建议", "提问"]
    assert all(position.label.en for position in Position)
