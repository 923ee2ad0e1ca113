"""Pure rules of disclosure: posting periods, PI-1 detection and masking, the limited markup, account rows."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.disclosure.domain import kinds
from yishi.disclosure.domain.kinds import NoticeKind
from yishi.disclosure.domain.markup import BlockKind, Span, parse
from yishi.disclosure.domain.privacy import IdentifierKind, find_identifiers, mask_identifiers
from yishi.disclosure.domain.rows import RowError, RowProblem, rows_as_text, rows_from_data, rows_from_text, total
from yishi.people.domain.identity import with_check_digit

DAY = datetime.date(2026, 3, 2)
ID_NUMBER = with_check_digit("11010519491231002")


def test_every_kind_has_a_default_period() -> None:
    assert set(kinds.DEFAULT_POSTING_DAYS) == set(NoticeKind)


@pytest.mark.parametrize(
    ("kind", "minimum", "until"),
    [
        (NoticeKind.DECISION, 5, datetime.date(2026, 3, 9)),
        (NoticeKind.ACCOUNTS, 5, datetime.date(2026, 4, 1)),
        (NoticeKind.VOTER_LIST, 5, datetime.date(2026, 3, 22)),
        # A stricter minimum lengthens every default shorter than itself.
        (NoticeKind.DECISION, 10, datetime.date(2026, 3, 12)),
    ],
)
def test_default_posting_period_does_not_count_the_first_day(
    kind: NoticeKind, minimum: int, until: datetime.date
) -> None:
    assert kinds.default_posted_until(kind=kind, posted_from=DAY, minimum=minimum) == until


def test_minimum_posting_period_of_five_days() -> None:
    # 民法典第二百零一条: posted on 2 March, five days are 3-7 March.
    assert kinds.earliest_allowed_until(posted_from=DAY, minimum=5) == datetime.date(2026, 3, 7)


@pytest.mark.parametrize(
    ("due_by", "published_on", "today", "expected"),
    [
        (None, DAY, DAY, None),
        (DAY, DAY, DAY, True),
        (DAY, DAY + datetime.timedelta(days=1), DAY, False),
        (DAY, None, DAY, None),
        (DAY, None, DAY + datetime.timedelta(days=1), False),
    ],
)
def test_on_time(
    due_by: datetime.date | None, published_on: datetime.date | None, today: datetime.date, expected: bool | None
) -> None:
    assert kinds.is_on_time(due_by=due_by, published_on=published_on, today=today) is expected


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("联系人刘先生13800138001", IdentifierKind.PHONE, "138****8001"),
        ("电话：138-0013-8001。", IdentifierKind.PHONE, "138****8001"),
        ("电话 +86 138 0013 8001", IdentifierKind.PHONE, "138****8001"),
        ("电话１３８００１３８００１", IdentifierKind.PHONE, "138****8001"),
        (f"身份证号{ID_NUMBER}，", IdentifierKind.ID_NUMBER, ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]),
        ("身份证11010519491231002x", IdentifierKind.ID_NUMBER, "1101**********002X"),
    ],
)
def test_full_identifiers_are_found_and_masked(text: str, kind: IdentifierKind, masked: str) -> None:
    findings = find_identifiers({"body": text})
    assert [(item.kind, item.masked, item.field) for item in findings] == [(kind, masked, "body")]
    cleaned = mask_identifiers(text)
    assert masked in cleaned
    assert find_identifiers({"body": cleaned}) == []


@pytest.mark.parametrize(
    "text",
    [
        "电话138****8001",  # already masked
        "1101**********1234",
        "办公室电话 021-64881234",  # an office landline may be published
        "金额 12345678901234 元",  # 14 digits: neither
        "编号 2026030100000000001",  # 19 digits: no ID number inside a longer number
        "12345 热线",
        "110105194913310021",  # 18 digits but no real birth date
    ],
)
def test_harmless_numbers_pass(text: str) -> None:
    assert find_identifiers({"body": text}) == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=60))
def test_text_without_digits_never_trips_pi1(text: str) -> None:
    assert find_identifiers({"body": text}) == []
    assert mask_identifiers(text) == text


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(alphabet="议事公开，。 ", max_size=10))
def test_any_mobile_number_is_masked(number: str, around: str) -> None:
    masked = mask_identifiers(around + number + around)
    assert number not in masked
    assert number[:3] + "****" + number[-4:] in masked


def test_markup_paragraphs_lists_and_bold() -> None:
    blocks = parse("第一段\n续行\n\n- 甲\n- 乙\n\n1. 一\n2、二\n\n**重要**：请周知")
    assert [block.kind for block in blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.BULLETS,
        BlockKind.NUMBERED,
        BlockKind.PARAGRAPH,
    ]
    assert blocks[0].lines == ((Span("第一段"),), (Span("续行"),))
    assert blocks[1].lines == ((Span("甲"),), (Span("乙"),))
    assert blocks[2].lines == ((Span("一"),), (Span("二"),))
    assert blocks[3].lines == ((Span("重要", strong=True), Span("：请周知")),)


def test_a_single_numbered_line_stays_a_paragraph() -> None:
    assert parse("2026年3月1日起施行")[0].kind == BlockKind.PARAGRAPH


def test_rows_from_text_and_back() -> None:
    rows = rows_from_text("路灯维修 | 1,200.50 | 2026-03-01\n材料费｜¥300元｜2026/3/2\n\n人工费 | -99.5")
    assert [(row.item, row.amount, row.date) for row in rows] == [
        ("路灯维修", Decimal("1200.50"), datetime.date(2026, 3, 1)),
        ("材料费", Decimal("300.00"), datetime.date(2026, 3, 2)),
        ("人工费", Decimal("-99.50"), None),
    ]
    assert total(rows) == Decimal("1401.00")
    assert rows_from_text(rows_as_text(rows)) == rows


@pytest.mark.parametrize(
    ("text", "number", "problem"),
    [
        ("只有一列", 1, RowProblem.SHAPE),
        ("甲 | 1 | 2026-01-01\n | 5", 2, RowProblem.ITEM_EMPTY),
        ("甲 | 一千", 1, RowProblem.AMOUNT_INVALID),
        ("甲 | 1.005", 1, RowProblem.AMOUNT_PRECISION),
        ("甲 | 1 | 2026-02-30", 1, RowProblem.DATE_INVALID),
        ("甲 | 1000000000000", 1, RowProblem.AMOUNT_TOO_LARGE),
        ("甲 | NaN", 1, RowProblem.AMOUNT_INVALID),
    ],
)
def test_bad_rows_name_the_row_and_the_problem(text: str, number: int, problem: RowProblem) -> None:
    with pytest.raises(RowError) as caught:
        rows_from_text(text)
    assert (caught.value.number, caught.value.problem) == (number, problem)


def test_rows_from_json_refuse_floats() -> None:
    with pytest.raises(RowError) as caught:
        rows_from_data([{"item": "甲", "amount": 0.1}])
    assert caught.value.problem == RowProblem.AMOUNT_INVALID


@given(st.lists(st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False), max_size=20))
def test_totals_are_exact(amounts: list[Decimal]) -> None:
    rows = rows_from_data([{"item": "项", "amount": str(amount)} for amount in amounts])
    assert total(rows) == sum(amounts, Decimal("0"))
