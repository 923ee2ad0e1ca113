"""Explanations: conditions, bilingual rendering and the text catalogue."""

from decimal import Decimal
from fractions import Fraction

import pytest

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Citation,
    Explained,
    Quantity,
    Status,
    assumption,
    bound,
    custom_citation,
    explanation,
    fact,
    figure,
    ratio,
    render,
    render_condition,
    yes_no,
)
from yishi.decisions.domain.numbers import MORE_THAN_HALF, TWO_THIRDS_OR_MORE
from yishi.decisions.domain.texts import Language, Text

ZH, EN = Language.ZH_HANS, Language.EN


def test_the_sentence_from_the_brief() -> None:
    condition = ratio(
        code="owners.participation.area",
        numerator=Decimal("6812.40"),
        denominator=Decimal("10000.00"),
        threshold=TWO_THIRDS_OR_MORE,
        citation=citations.YZ_2,
        quantity=Quantity.AREA,
    )
    assert condition.passed
    assert condition.numerator == "6812.40"
    assert condition.denominator == "10000.00"
    assert render_condition(condition, language=ZH) == (
        "参与表决面积 6,812.40㎡ / 总面积 10,000.00㎡，达到三分之二 ✓（民法典第二百七十八条）"
    )
    assert render_condition(condition, language=EN) == (
        "Participating area 6,812.40 m² of total 10,000.00 m²: reaches two thirds ✓ (Civil Code Art. 278)"
    )


def test_failing_strict_ratio_with_subject_and_units() -> None:
    condition = ratio(
        code="election.winners.majority",
        numerator=400,
        denominator=800,
        threshold=MORE_THAN_HALF,
        citation=citations.CW_8,
        quantity=Quantity.VOTES,
        denominator_quantity=Quantity.PERSONS,
        subject="张三",
    )
    assert not condition.passed
    assert render_condition(condition, language=ZH) == (
        "张三：得票 400票 / 参加投票的选民 800人，未超过半数 ✗（村民委员会组织法第十五条第二款）"
    )
    assert render_condition(condition, language=EN) == (
        "张三: Votes 400 of all who voted 800: not more than half ✗ (Villagers' Committees Organic Law Art. 15(2))"
    )


@pytest.mark.parametrize(
    ("minimum", "inclusive", "value", "passed", "zh_phrase", "en_phrase"),
    [
        (True, True, 3, True, "不少于", "at least"),
        (True, True, 2, False, "少于", "fewer than"),
        (True, False, 4, True, "多于", "more than"),
        (True, False, 3, False, "不多于", "not more than"),
        (False, True, 3, True, "不超过", "at most"),
        (False, True, 4, False, "超过", "more than"),
        (False, False, 2, True, "少于", "fewer than"),
        (False, False, 3, False, "不少于", "at least"),
    ],
)
def test_bounds(minimum: bool, inclusive: bool, value: int, passed: bool, zh_phrase: str, en_phrase: str) -> None:
    condition = bound(
        code="election.candidates.min",
        value=value,
        limit=3,
        minimum=minimum,
        inclusive=inclusive,
        citation=citations.CW_6,
        quantity=Quantity.PERSONS,
    )
    assert condition.passed is passed
    assert condition.threshold is None
    assert zh_phrase in render_condition(condition, language=ZH)
    assert f": {en_phrase} the minimum (3)" in render_condition(condition, language=EN)


def test_fact_and_flags_for_every_status() -> None:
    flags = {
        Status.CONFIRMED: ("", ""),
        Status.CONFIRMED_LOCAL: ("〔地方规定，可配置〕", " [local rule; configurable]"),
        Status.SECONDARY: ("〔据二手资料〕", " [secondary source]"),
        Status.UNCONFIRMED: ("〔未经确认，可配置〕", " [unconfirmed; configurable]"),
        Status.CUSTOM: ("〔自定义设置〕", " [custom setting]"),
    }
    for status, (zh, en) in flags.items():
        citation = Citation(text=Text("某条", "Some Art."), rule_ref="X-1", status=status)
        condition = fact(code="election.proxy.written", passed=True, citation=citation)
        assert render_condition(condition, language=ZH) == f"书面委托 ✓（某条）{zh}"
        assert render_condition(condition, language=EN) == f"Proxy given in writing ✓ (Some Art.){en}"
        assert condition.configurable is (status in (Status.CONFIRMED_LOCAL, Status.UNCONFIRMED, Status.CUSTOM))
        assert condition.unconfirmed is (status is Status.UNCONFIRMED)


def test_custom_citation_keeps_text_and_reference() -> None:
    custom = custom_citation(citations.CW_13)
    assert custom.text == citations.CW_13.text
    assert custom.rule_ref == "CW-13"
    assert custom.status is Status.CUSTOM
    assert custom.configurable
    assert not custom.unconfirmed


def test_assumptions_render_after_conditions() -> None:
    outcome = Explained(
        conditions=(fact(code="election.proxy.written", passed=False, citation=citations.CW_13),),
        assumptions=(assumption(code="owners.count_non_voters", value=yes_no(False), citation=citations.YZ_10),),
    )
    lines = explanation(outcome)
    assert lines["zh-Hans"][0] == "书面委托 ✗（村民委员会组织法第十五条第四款）"
    assert lines["en"][1].startswith("Non-voters added to the majority: no (")
    assert lines["en"][1].endswith("[unconfirmed; configurable]")
    assert render(outcome, language=ZH) == lines["zh-Hans"]
    assert outcome.assumptions[0].configurable and outcome.assumptions[0].unconfirmed
    assert yes_no(True) == texts.YES


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, "7"), (Decimal("12.50"), "12.50"), (Decimal("1E+3"), "1000"), (Fraction(2, 3), "2/3")],
)
def test_figures_are_exact_strings(value: int | Decimal | Fraction, expected: str) -> None:
    assert figure(value) == expected


@pytest.mark.parametrize(
    ("numerator", "quantity", "zh"),
    [
        (Decimal("50"), Quantity.AREA, "50.00㎡"),
        (Decimal("1234.567"), Quantity.AREA, "1,234.567㎡"),
        (12345, Quantity.PERSONS, "12,345人"),
        (Decimal("0.5"), Quantity.COUNT, "0.5"),
        (Fraction(1, 3), Quantity.COUNT, "1/3"),
        (20, Quantity.DAYS, "20日"),
        (18, Quantity.AGE, "18周岁"),
    ],
)
def test_figure_formatting(numerator: int | Decimal | Fraction, quantity: Quantity, zh: str) -> None:
    condition = ratio(
        code="number.threshold",
        numerator=numerator,
        denominator=100000,
        threshold=MORE_THAN_HALF,
        citation=citations.NUM_1,
        quantity=quantity,
    )
    assert render_condition(condition, language=ZH).startswith(f"数值 {zh} / ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "零"), (7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (99, "九十九"), (100, "100")],
)
def test_chinese_numbers(value: int, expected: str) -> None:
    assert texts.chinese_number(value) == expected


@pytest.mark.parametrize(
    ("fraction", "zh", "en"),
    [
        (Fraction(2, 3), "三分之二", "two thirds"),
        (Fraction(1, 2), "半数", "half"),
        (Fraction(3, 7), "七分之三", "3/7"),
        (Fraction(11, 12), "十二分之十一", "11/12"),
        (Fraction(1), "全部", "all"),
    ],
)
def test_fraction_names(fraction: Fraction, zh: str, en: str) -> None:
    assert texts.fraction_name(fraction) == Text(zh, en)


@pytest.mark.parametrize(
    ("inclusive", "passed", "zh", "en"),
    [
        (True, True, "达到三分之二", "reaches two thirds"),
        (True, False, "未达到三分之二", "does not reach two thirds"),
        (False, True, "超过三分之二", "more than two thirds"),
        (False, False, "未超过三分之二", "not more than two thirds"),
    ],
)
def test_threshold_phrases(inclusive: bool, passed: bool, zh: str, en: str) -> None:
    assert texts.threshold_phrase(Fraction(2, 3), inclusive=inclusive, passed=passed) == Text(zh, en)


def test_every_error_code_has_a_bilingual_message() -> None:
    for code in ErrorCode:
        error = DomainError(code, field="figures.total_area", other="total_count")
        assert error.message.zh and error.message.en
        assert "{" not in error.message.zh + error.message.en
        assert code.value in str(error)
    bare = DomainError(ErrorCode.EMPTY)
    assert bare.field is None
    assert bare.message == Text("输入 不得为空", "input must not be empty")


def test_text_catalogue_is_complete_and_bilingual() -> None:
    for label, of_label in texts.CONDITION_LABELS.values():
        assert label.zh and label.en
        assert of_label is None or (of_label.zh and of_label.en)
    for catalogue in (texts.SETTING_LABELS, texts.CITATIONS, texts.ERROR_MESSAGES, texts.PROFILE_NAMES):
        for text in catalogue.values():
            assert text.zh and text.en
    assert texts.Text("甲", "A").as_dict() == {"zh-Hans": "甲", "en": "A"}


def test_summaries() -> None:
    vacancy = texts.vacancy_value(
        min_elected=4, requires_chair=True, assembly_decides=True, after_first_round=False, after_runoff=True
    )
    assert vacancy.zh == "另行选举后已当选至少 4 人且已选出主任的，名额可以空缺，由村民会议或村民代表会议决定"
    assert vacancy.en == (
        "after the run-off, with at least 4 elected including the chair, seats may stay vacant "
        "if the assembly so decides"
    )
    plain = texts.vacancy_value(
        min_elected=3, requires_chair=False, assembly_decides=False, after_first_round=True, after_runoff=True
    )
    assert plain.zh == "首轮投票后、另行选举后已当选至少 3 人的，名额可以空缺"
    surplus = texts.surplus_value({"chair": (1, 1), "member": (1, 3), "vice_chair": (1, None)})
    assert surplus.zh == "主任 +1；委员 +1至3；副主任 +1以上"
    assert surplus.en == "chair +1; member +1 to 3; vice-chair +1 or more"
    rule = texts.rule_value(quorum=texts.NOT_SET, threshold=Text("过", "over"), base="eligible")
    assert rule.en == "quorum: not set; passing: over (of eligible voters)"
    assert texts.days_value(2) == Text("2 日", "2 days")
    assert texts.area_sources({"register": 2}).en == "register 2 units"
