"""Similarity of short Chinese titles, with no model: normalisation, n-grams, exact scores, ranking."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.similarity import (
    Candidate,
    Measure,
    SimilarMatch,
    chinese_numeral_value,
    normalise,
    place_designators,
    rank_similar,
    shingles,
    similarity,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3号楼电梯经常坏", "3号楼电梯经常坏"),
        ("三号楼电梯又坏了", "3号楼电梯又坏了"),
        ("Ｈｅｌｌｏ，　ＷＯＲＬＤ！", "helloworld"),
        ("３号楼 电梯。。。坏了!!", "3号楼电梯坏了"),
        ("十二栋二单元", "12栋2单元"),
        ("第二十三幢", "第23幢"),
        ("一〇二号", "102号"),
        ("一百零五号", "105号"),
        ("三个人", "三个人"),
        ("十十号", "十十号"),
        ("小区门口停车乱 🚗", "小区门口停车乱"),
        ("“加装电梯”——意见征集（二）", "加装电梯意见征集二"),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("numeral", "expected"),
    [
        ("三", 3),
        ("两", 2),
        ("零", 0),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百", 100),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("一百二", 120),
        ("一百一十", 110),
        ("一百十五", 115),
        ("九百九十九", 999),
        ("一〇二", 102),
        ("", None),
        ("三a", None),
        ("十十", None),
        ("百", None),
        ("零百", None),
        ("一百零", None),
        ("一百零十", None),
        ("二十零", None),
        ("零十", None),
        ("一百二百", None),
        ("三十五十", None),
        ("一二三四五六", 123456),
        ("一二三四五六七", None),
    ],
)
def test_chinese_numeral_value(numeral: str, expected: int | None) -> None:
    assert chinese_numeral_value(numeral) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三号楼电梯又坏了", {"3号楼"}),
        ("3栋和3幢", {"3号楼"}),
        ("03号楼2单元", {"3号楼", "2单元"}),
        ("小区门口停车乱", set()),
        ("0号楼和00号楼", {"0号楼"}),
        ("9" * 5000 + "号楼", {"9" * 5000 + "号楼"}),
    ],
)
def test_place_designators(text: str, expected: set[str]) -> None:
    assert place_designators(text) == expected


def test_shingles_of_sizes_one_and_two() -> None:
    assert shingles("电梯坏") == {"电": 1, "梯": 1, "坏": 1, "电梯": 1, "梯坏": 1}
    # A text shorter than n counts once as a whole, so a one-character title still has bigrams.
    assert shingles("坏", sizes=(2, 3)) == {"坏": 2}
    assert shingles("。。", sizes=(2,)) == {}


@pytest.mark.parametrize("sizes", [(), (0,), (2, 2), (-1, 2)])
def test_invalid_sizes_are_refused(sizes: tuple[int, ...]) -> None:
    with pytest.raises(MatterDomainError) as raised:
        shingles("电梯", sizes=sizes)
    assert raised.value.code is ErrorCode.SIMILARITY_INVALID_SIZES


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("3号楼电梯经常坏", "三号楼电梯又坏了", Fraction(2, 3)),
        ("小区门口停车乱", "小区大门停车混乱", Fraction(4, 7)),
        ("楼道堆放杂物", "楼道杂物堆积有火灾隐患", Fraction(7, 16)),
        # Same words, another building: 13/15 before the place mismatch halves it.
        ("3号楼电梯经常坏", "5号楼电梯经常坏", Fraction(13, 30)),
        ("小区门口停车乱", "小区绿化带被破坏", Fraction(3, 14)),
        ("小区门口停车乱", "小区晚上广场舞太吵", Fraction(1, 5)),
        ("小区门口停车乱", "电动车充电桩不够", Fraction(1, 14)),
        ("3号楼电梯经常坏", "小区大门停车混乱", Fraction(0)),
        ("ＡＢＣ", "abc", Fraction(1)),
        ("！！", "。", Fraction(1)),
        ("！！", "电梯", Fraction(0)),
    ],
)
def test_similarity_of_known_titles(left: str, right: str, expected: Fraction) -> None:
    assert similarity(left, right) == expected


def test_jaccard_measure_and_other_sizes() -> None:
    assert similarity("3号楼电梯经常坏", "三号楼电梯又坏了", measure=Measure.JACCARD) == Fraction(1, 2)
    assert similarity("小区门口停车乱", "小区大门停车混乱", sizes=(2, 3)) == Fraction(1, 6)


def test_place_mismatch_factor_is_configurable_and_checked() -> None:
    assert similarity("3号楼电梯经常坏", "5号楼电梯经常坏", place_mismatch_factor=Fraction(1)) == Fraction(13, 15)
    assert similarity("3号楼电梯经常坏", "5号楼电梯经常坏", place_mismatch_factor=Fraction(0)) == 0
    # Only one side names a building: no mismatch to penalise.
    assert similarity("3号楼电梯坏", "电梯坏") == Fraction(2 * 5, 11 + 5)
    with pytest.raises(MatterDomainError) as raised:
        similarity("a", "b", place_mismatch_factor=Fraction(3, 2))
    assert raised.value.code is ErrorCode.SIMILARITY_INVALID_FACTOR


OPEN_MATTERS = [
    Candidate(key=11, text="小区大门停车混乱"),
    Candidate(key=12, text="三号楼电梯又坏了"),
    Candidate(key=13, text="5号楼电梯经常坏"),
    Candidate(key=14, text="小区绿化带被破坏"),
    Candidate(key=15, text="电动车充电桩不够"),
    Candidate(key=16, text="3号楼电梯经常坏了"),
]


def test_rank_similar_finds_the_reworded_duplicate_first() -> None:
    matches = rank_similar("3号楼电梯经常坏", OPEN_MATTERS)
    assert [match.key for match in matches] == [16, 12, 13]
    assert matches[0] == SimilarMatch(key=16, text="3号楼电梯经常坏了", score=Fraction(15, 16))
    assert [match.key for match in rank_similar("小区门口停车乱", OPEN_MATTERS)] == [11]


def test_rank_similar_limit_and_minimum() -> None:
    assert [match.key for match in rank_similar("3号楼电梯经常坏", OPEN_MATTERS, limit=1)] == [16]
    assert rank_similar("3号楼电梯经常坏", OPEN_MATTERS, limit=0) == ()
    everything = rank_similar("3号楼电梯经常坏", OPEN_MATTERS, limit=10, minimum=Fraction(0))
    assert len(everything) == len(OPEN_MATTERS)
    assert [match.score for match in everything] == sorted((match.score for match in everything), reverse=True)


def test_rank_similar_keeps_the_given_order_on_ties() -> None:
    candidates = [Candidate(key="b", text="电梯坏了"), Candidate(key="a", text="电梯坏了")]
    assert [match.key for match in rank_similar("电梯坏了", candidates)] == ["b", "a"]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"limit": -1}, ErrorCode.SIMILARITY_INVALID_LIMIT),
        ({"minimum": Fraction(-1)}, ErrorCode.SIMILARITY_INVALID_MINIMUM),
        ({"minimum": Fraction(2)}, ErrorCode.SIMILARITY_INVALID_MINIMUM),
        ({"place_mismatch_factor": Fraction(-1)}, ErrorCode.SIMILARITY_INVALID_FACTOR),
        ({"sizes": ()}, ErrorCode.SIMILARITY_INVALID_SIZES),
    ],
)
def test_rank_similar_validation(arguments: dict[str, object], code: ErrorCode) -> None:
    with pytest.raises(MatterDomainError) as raised:
        rank_similar("电梯", OPEN_MATTERS, **arguments)  # type: ignore[arg-type]
    assert raised.value.code is code


_TITLE_CHARACTERS = st.sampled_from(list("小区门口停车乱大混电梯坏了又经常号楼栋单元一二三十百零0123456789 ，。！ＡaB"))
titles = st.text(alphabet=_TITLE_CHARACTERS, max_size=16) | st.text(max_size=12)
measures = st.sampled_from(Measure)
size_sets = st.sampled_from([(1,), (2,), (1, 2), (2, 3), (1, 2, 3)])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(left=titles, right=titles, measure=measures, sizes=size_sets)
def test_similarity_is_symmetric_and_between_zero_and_one(
    left: str, right: str, measure: Measure, sizes: tuple[int, ...]
) -> None:
    score = similarity(left, right, measure=measure, sizes=sizes)
    assert isinstance(score, Fraction)
    assert 0 <= score <= 1
    assert score == similarity(right, left, measure=measure, sizes=sizes)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=titles, measure=measures, sizes=size_sets)
def test_identical_text_scores_one(text: str, measure: Measure, sizes: tuple[int, ...]) -> None:
    assert similarity(text, text, measure=measure, sizes=sizes) == 1


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(query=titles, others=st.lists(titles, max_size=8), limit=st.integers(min_value=0, max_value=5))
def test_rank_similar_respects_limit_minimum_and_order(query: str, others: list[str], limit: int) -> None:
    candidates = [Candidate(key=index, text=text) for index, text in enumerate(others)]
    matches = rank_similar(query, candidates, limit=limit)
    assert len(matches) <= limit
    assert all(match.score >= Fraction(1, 3) for match in matches)
    assert [match.score for match in matches] == sorted((match.score for match in matches), reverse=True)
    assert all(match.score == similarity(query, match.text) for match in matches)
