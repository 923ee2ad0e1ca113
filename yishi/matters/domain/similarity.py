"""Similarity of short Chinese texts for "similar open matters" suggestions, with no model download.

The method: normalise (NFKC folds full-width forms to half-width, latin is case-folded,
punctuation, symbols and whitespace are dropped, Chinese numerals before 号/栋/楼/幢/单元 become
digits), cut the text into overlapping character n-grams, and compare the two multisets of
n-grams with the Sørensen–Dice or the (weighted) Jaccard coefficient, exactly, as a Fraction.

Default n-gram sizes are 1 and 2. Most Chinese words have two characters, so bigrams catch shared
words and single characters catch words that were reworded ("门口" / "大门", "乱" / "混乱"); on
titles of six to ten characters trigrams mostly add noise. Measured on the titles in the tests:
"小区门口停车乱" / "小区大门停车混乱" scores 4/7 with (1, 2) but 1/6 with (2, 3).

Two titles that name different buildings or entrances ("3号楼" / "5号楼") share almost every
n-gram, yet are different matters, so the score is multiplied by `place_mismatch_factor` when
both texts name such places and they have none in common.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

from yishi.matters.domain.errors import ErrorCode, MatterDomainError

K = TypeVar("K")

_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL_CHARACTERS = "".join(_DIGITS) + "十百"
_PLACE_MARKERS = "号|栋|楼|幢|单元"
_LONGEST_NUMERAL = 6
_CHINESE_NUMERAL_BEFORE_MARKER = re.compile(f"([{_NUMERAL_CHARACTERS}]+)(?={_PLACE_MARKERS})")
_PLACE_DESIGNATOR = re.compile(f"([0-9]+)(号楼|{_PLACE_MARKERS})")
# Unicode general categories kept after normalisation: letters, marks and numbers.
_KEPT_CATEGORIES = ("L", "M", "N")


class Measure(StrEnum):
    """How two multisets of n-grams are compared."""

    DICE = "dice"
    JACCARD = "jaccard"


def _nonzero_digit(text: str) -> int | None:
    """The value of a single digit character 1-9, else None."""
    value = _DIGITS.get(text)
    return value if value else None


def chinese_numeral_value(numeral: str) -> int | None:
    """The value of a Chinese numeral below 1000 ("三", "十二", "一百零五", "一〇二"), None if malformed."""
    if not 0 < len(numeral) <= _LONGEST_NUMERAL or any(character not in _NUMERAL_CHARACTERS for character in numeral):
        # No building or entrance number is longer; a longer run is not a number to convert.
        return None
    if "十" not in numeral and "百" not in numeral:
        # A digit-by-digit reading, as in room numbers: "一〇二" is 102.
        return int("".join(str(_DIGITS[character]) for character in numeral))
    hundreds = 0
    rest = numeral
    if "百" in rest:
        head, _, rest = rest.partition("百")
        digit = _nonzero_digit(head)
        if digit is None:
            return None
        hundreds = digit * 100
        if rest[:1] in ("零", "〇"):
            # "一百零五" is 105: 零 marks the missing tens.
            units = _nonzero_digit(rest[1:])
            return None if units is None else hundreds + units
        tens_only = _nonzero_digit(rest)
        if tens_only is not None:
            # Colloquial "一百二" is 120.
            return hundreds + tens_only * 10
        if not rest:
            return hundreds
    head, ten, tail = rest.partition("十")
    tens = 1 if head == "" else _nonzero_digit(head)
    units = 0 if tail == "" else _nonzero_digit(tail)
    if not ten or tens is None or units is None:
        return None
    return hundreds + tens * 10 + units


def normalise(text: str) -> str:
    """Fold a text to the canonical form compared: half-width, lower case, no punctuation or spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()

    def to_digits(match: re.Match[str]) -> str:
        value = chinese_numeral_value(match.group(1))
        return match.group(1) if value is None else str(value)

    folded = _CHINESE_NUMERAL_BEFORE_MARKER.sub(to_digits, folded)
    return "".join(character for character in folded if unicodedata.category(character)[0] in _KEPT_CATEGORIES)


def place_designators(text: str) -> frozenset[str]:
    """The buildings and entrances a text names, canonical: "三号楼", "3栋" and "3幢" all give "3号楼"."""
    # 号, 栋, 幢 and 楼 all name a building; 楼 may also be a floor ("3楼"), and the two readings are
    # not told apart. 单元 names an entrance. Leading zeros are dropped so "03号楼" is "3号楼".
    return frozenset(
        f"{number.lstrip('0') or '0'}{'单元' if marker == '单元' else '号楼'}"
        for number, marker in _PLACE_DESIGNATOR.findall(normalise(text))
    )


def _validate_sizes(sizes: tuple[int, ...]) -> None:
    if not sizes or any(size < 1 for size in sizes) or len(set(sizes)) != len(sizes):
        raise MatterDomainError(
            code=ErrorCode.SIMILARITY_INVALID_SIZES,
            zh_hans=f"分词长度必须是互不相同的正整数,而不是 {sizes}。",
            en=f"N-gram sizes must be distinct positive integers, not {sizes}.",
        )


def shingles(text: str, *, sizes: tuple[int, ...] = (1, 2)) -> Counter[str]:
    """The multiset of character n-grams of the normalised text; a text shorter than n is one n-gram."""
    _validate_sizes(sizes)
    normalised = normalise(text)
    counts: Counter[str] = Counter()
    for size in sizes:
        if 0 < len(normalised) < size:
            counts[normalised] += 1
        for start in range(len(normalised) - size + 1):
            counts[normalised[start : start + size]] += 1
    return counts


def _compare(
    left: Counter[str],
    right: Counter[str],
    *,
    measure: Measure,
    left_places: frozenset[str],
    right_places: frozenset[str],
    place_mismatch_factor: Fraction,
) -> Fraction:
    left_size = sum(left.values())
    right_size = sum(right.values())
    if left_size == 0 and right_size == 0:
        # Two texts with nothing comparable left (only punctuation, say) are the same text.
        return Fraction(1)
    common = sum((left & right).values())
    if measure is Measure.DICE:
        score = Fraction(2 * common, left_size + right_size)
    else:
        score = Fraction(common, left_size + right_size - common)
    if left_places and right_places and not left_places & right_places:
        score *= place_mismatch_factor
    return score


def _validate_factor(place_mismatch_factor: Fraction) -> None:
    if not Fraction(0) <= place_mismatch_factor <= Fraction(1):
        raise MatterDomainError(
            code=ErrorCode.SIMILARITY_INVALID_FACTOR,
            zh_hans=f"地点不符系数必须在 0 与 1 之间,而不是 {place_mismatch_factor}。",
            en=f"The place mismatch factor must lie between 0 and 1, not {place_mismatch_factor}.",
        )


def similarity(
    left: str,
    right: str,
    *,
    sizes: tuple[int, ...] = (1, 2),
    measure: Measure = Measure.DICE,
    place_mismatch_factor: Fraction = Fraction(1, 2),
) -> Fraction:
    """The similarity of two texts in [0, 1]: symmetric, and 1 for texts equal after normalisation."""
    _validate_factor(place_mismatch_factor)
    return _compare(
        shingles(left, sizes=sizes),
        shingles(right, sizes=sizes),
        measure=measure,
        left_places=place_designators(left),
        right_places=place_designators(right),
        place_mismatch_factor=place_mismatch_factor,
    )


@dataclass(frozen=True)
class Candidate(Generic[K]):
    """A text to compare against, with the key of what it belongs to (a matter's id, say)."""

    key: K
    text: str


@dataclass(frozen=True)
class SimilarMatch(Generic[K]):
    """A candidate that scored at least the minimum, with its score."""

    key: K
    text: str
    score: Fraction


def rank_similar(
    query: str,
    candidates: Iterable[Candidate[K]],
    *,
    limit: int = 5,
    minimum: Fraction = Fraction(1, 3),
    sizes: tuple[int, ...] = (1, 2),
    measure: Measure = Measure.DICE,
    place_mismatch_factor: Fraction = Fraction(1, 2),
) -> tuple[SimilarMatch[K], ...]:
    """The candidates most like the query, best first, at most `limit`, each scoring >= `minimum`.

    Equal scores keep the candidates' given order, so callers pass newest first to prefer recent matters.
    The default minimum of 1/3 keeps reworded duplicates (4/7 and 2/3 in the tests) and drops titles
    that share only a word such as "小区" (at most 3/14 there).
    """
    if limit < 0:
        raise MatterDomainError(
            code=ErrorCode.SIMILARITY_INVALID_LIMIT,
            zh_hans=f"返回条数不能为负数:{limit}。",
            en=f"The limit cannot be negative: {limit}.",
        )
    if not Fraction(0) <= minimum <= Fraction(1):
        raise MatterDomainError(
            code=ErrorCode.SIMILARITY_INVALID_MINIMUM,
            zh_hans=f"最低相似度必须在 0 与 1 之间,而不是 {minimum}。",
            en=f"The minimum similarity must lie between 0 and 1, not {minimum}.",
        )
    _validate_factor(place_mismatch_factor)
    query_shingles = shingles(query, sizes=sizes)
    query_places = place_designators(query)
    matches: list[SimilarMatch[K]] = []
    for candidate in candidates:
        score = _compare(
            query_shingles,
            shingles(candidate.text, sizes=sizes),
            measure=measure,
            left_places=query_places,
            right_places=place_designators(candidate.text),
            place_mismatch_factor=place_mismatch_factor,
        )
        if score >= minimum:
            matches.append(SimilarMatch(key=candidate.key, text=candidate.text, score=score))
    # sorted() is stable, so ties stay in the order the candidates were given.
    return tuple(sorted(matches, key=lambda match: match.score, reverse=True)[:limit])
