"""Every bilingual string of the rules core (labels, citations, messages), kept together for review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType


class Language(StrEnum):
    """Languages the rules core speaks; the web layer picks one."""

    ZH_HANS = "zh-Hans"
    EN = "en"


@dataclass(frozen=True)
class Text:
    """A string in Simplified Chinese and in English."""

    zh: str
    en: str

    def get(self, language: Language) -> str:
        """The string in `language`."""
        return self.zh if language is Language.ZH_HANS else self.en

    def as_dict(self) -> dict[str, str]:
        """The string keyed by language tag."""
        return {Language.ZH_HANS.value: self.zh, Language.EN.value: self.en}


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


YES = _t("是", "yes")
UNTIL_TERM_ENDS = _t("到本届任期届满时止", "until the committee's term ends")
NO = _t("否", "no")
MARK_PASSED = "✓"
MARK_FAILED = "✗"
TERM_ENDS_WITH_COMMITTEE = _t("任期至本届委员会任期届满", "term ends with the current committee's term")

STATUS_FLAGS: Mapping[str, Text] = MappingProxyType(
    {
        "confirmed": _t("", ""),
        "confirmed_local": _t("〔地方规定，可配置〕", " [local rule; configurable]"),
        "secondary": _t("〔据二手资料〕", " [secondary source]"),
        "unconfirmed": _t("〔未经确认，可配置〕", " [unconfirmed; configurable]"),
        "custom": _t("〔自定义设置〕", " [custom setting]"),
    }
)

UNITS: Mapping[str, Text] = MappingProxyType(
    {
        "area": _t("㎡", " m²"),
        "persons": _t("人", ""),
        "households": _t("户", ""),
        "groups": _t("个", ""),
        "votes": _t("票", ""),
        "ballots": _t("张", ""),
        "days": _t("日", " days"),
        "age": _t("周岁", " years"),
        "years": _t("年", " years"),
        "count": _t("", ""),
    }
)

CONDITION_TEMPLATES: Mapping[str, Text] = MappingProxyType(
    {
        "ratio": _t(
            "{subject}{label} {num} / {of} {den}，{phrase} {mark}（{cite}）{flags}",
            "{subject}{label} {num} of {of} {den}: {phrase} {mark} ({cite}){flags}",
        ),
        "at_least": _t(
            "{subject}{label} {num}，{phrase}{of}（{den}）{mark}（{cite}）{flags}",
            "{subject}{label} {num}: {phrase} {of} ({den}) {mark} ({cite}){flags}",
        ),
        "at_most": _t(
            "{subject}{label} {num}，{phrase}{of}（{den}）{mark}（{cite}）{flags}",
            "{subject}{label} {num}: {phrase} {of} ({den}) {mark} ({cite}){flags}",
        ),
        "fact": _t("{subject}{label} {mark}（{cite}）{flags}", "{subject}{label} {mark} ({cite}){flags}"),
    }
)
ASSUMPTION_TEMPLATE = _t("{label}：{value}（{cite}）{flags}", "{label}: {value} ({cite}){flags}")


def subject_prefix(subject: str | None, language: Language) -> str:
    """Prefix naming the person or post a condition is about."""
    if subject is None:
        return ""
    return f"{subject}：" if language is Language.ZH_HANS else f"{subject}: "


_ZH_DIGITS = "零一二三四五六七八九"
_NAMED_FRACTIONS: Mapping[Fraction, Text] = MappingProxyType(
    {
        Fraction(0): _t("零", "zero"),
        Fraction(1): _t("全部", "all"),
        Fraction(1, 2): _t("半数", "half"),
        Fraction(1, 3): _t("三分之一", "one third"),
        Fraction(2, 3): _t("三分之二", "two thirds"),
        Fraction(1, 4): _t("四分之一", "one quarter"),
        Fraction(3, 4): _t("四分之三", "three quarters"),
        Fraction(1, 5): _t("五分之一", "one fifth"),
        Fraction(4, 5): _t("五分之四", "four fifths"),
        Fraction(1, 10): _t("十分之一", "one tenth"),
    }
)


def chinese_number(value: int) -> str:
    """Chinese numerals for 0 to 99; larger numbers stay in digits."""
    if value < 10:
        return _ZH_DIGITS[value]
    if value >= 100:
        return str(value)
    tens, ones = divmod(value, 10)
    head = "十" if tens == 1 else _ZH_DIGITS[tens] + "十"
    return head + (_ZH_DIGITS[ones] if ones else "")


def fraction_name(fraction: Fraction) -> Text:
    """A fraction in words: 三分之二 / two thirds, or 七分之三 / 3/7 when it has no common name."""
    named = _NAMED_FRACTIONS.get(fraction)
    if named is not None:
        return named
    zh = f"{chinese_number(fraction.denominator)}分之{chinese_number(fraction.numerator)}"
    return _t(zh, f"{fraction.numerator}/{fraction.denominator}")


def threshold_phrase(fraction: Fraction, *, inclusive: bool, passed: bool) -> Text:
    """Threshold words: 达到三分之二 / reaches two thirds, 超过半数 / more than half, or the negation."""
    name = fraction_name(fraction)
    if inclusive:
        return _t(
            ("达到" if passed else "未达到") + name.zh,
            ("reaches " if passed else "does not reach ") + name.en,
        )
    return _t(("超过" if passed else "未超过") + name.zh, ("more than " if passed else "not more than ") + name.en)


_BOUND_PHRASES: Mapping[tuple[bool, bool, bool], Text] = MappingProxyType(
    {
        (True, True, True): _t("不少于", "at least"),
        (True, True, False): _t("少于", "fewer than"),
        (True, False, True): _t("多于", "more than"),
        (True, False, False): _t("不多于", "not more than"),
        (False, True, True): _t("不超过", "at most"),
        (False, True, False): _t("超过", "more than"),
        (False, False, True): _t("少于", "fewer than"),
        (False, False, False): _t("不少于", "at least"),
    }
)


def bound_phrase(*, minimum: bool, inclusive: bool, passed: bool) -> Text:
    """Comparison words for a bound, phrased as what the figure actually does."""
    return _BOUND_PHRASES[(minimum, inclusive, passed)]


def _law(article_zh: str, article_en: str, *, law_zh: str, law_en: str, note_zh: str = "", note_en: str = "") -> Text:
    return _t(f"{law_zh}{article_zh}{note_zh}", f"{law_en} {article_en}{note_en}")


_CIVIL = {"law_zh": "民法典", "law_en": "Civil Code"}
_JW = {"law_zh": "城市居民委员会组织法", "law_en": "Residents' Committees Organic Law"}
_CW = {"law_zh": "村民委员会组织法", "law_en": "Villagers' Committees Organic Law"}
_SPC = {"law_zh": "建筑物区分所有权司法解释", "law_en": "SPC Interpretation on Building Co-ownership"}
_BJ = {"law_zh": "北京市村民委员会选举办法", "law_en": "Beijing Villagers' Committee Election Measures"}
_SH = {"law_zh": "上海市村民委员会选举办法", "law_en": "Shanghai Villagers' Committee Election Measures"}
_ZJ = {"law_zh": "浙江省村民委员会选举办法", "law_en": "Zhejiang Villagers' Committee Election Measures"}
_PIPL = {"law_zh": "个人信息保护法", "law_en": "Personal Information Protection Law"}
_ANALOGY_ZH = "；国家法律未规定，参照北京、上海、浙江选举办法的默认值"
_ANALOGY_EN = "; national law silent, default by analogy to Beijing, Shanghai and Zhejiang measures"

CITATIONS: Mapping[str, Text] = MappingProxyType(
    {
        "NUM_1": _law("第一千二百五十九条", "Art. 1259", **_CIVIL),
        "CIVIL_CODE_201": _law(
            "第二百零一条",
            "Art. 201",
            **_CIVIL,
            note_zh="；对本期限的适用未经确认",
            note_en="; application to this period unconfirmed",
        ),
        "CIVIL_CODE_203": _law("第二百零三条", "Art. 203", **_CIVIL),
        "YZ_1": _law("第二百七十八条第一款", "Art. 278(1)", **_CIVIL),
        "YZ_2": _law("第二百七十八条", "Art. 278", **_CIVIL),
        "YZ_3": _law("第二百七十八条", "Art. 278", **_CIVIL),
        "YZ_4": _law("第二百七十八条", "Art. 278", **_CIVIL),
        "YZ_5_ELEVATOR": _law(
            "第二百七十八条",
            "Art. 278",
            **_CIVIL,
            note_zh="；加装电梯的归类未经确认，默认按重大事项",
            note_en="; classification of elevator installation unconfirmed; default: major matter",
        ),
        "YZ_6": _law("第八条", "Art. 8", **_SPC),
        "YZ_7": _law("第九条", "Art. 9", **_SPC),
        "YZ_8": _t(
            "业主大会和业主委员会指导规则第二十五条",
            "Guiding Rules for Owners' Assemblies and Committees Art. 25",
        ),
        "YZ_10": _t(
            "业主大会和业主委员会指导规则第二十六条及管理规约；条文未经核实",
            "Guiding Rules for Owners' Assemblies and Committees, reportedly Art. 26, and the management "
            "statute; unconfirmed",
        ),
        "YZ_11": _law(
            "第二百七十八条",
            "Art. 278",
            **_CIVIL,
            note_zh="；废票是否计入参与表决未经确认",
            note_en="; whether spoiled ballots count as participating is unconfirmed",
        ),
        "YZ_13": _t("物业管理条例第十四条", "Property Management Regulations Art. 14"),
        "YZ_14": _t("物业管理条例第十三条", "Property Management Regulations Art. 13"),
        "YZ_14_GUIDING_RULES": _t(
            "业主大会和业主委员会指导规则第二十一条；据二手资料",
            "Guiding Rules for Owners' Assemblies and Committees Art. 21; secondary source",
        ),
        "YZ_15": _law("第十二条", "Art. 12", **_SPC),
        "YZ_16": _t(
            "业主大会和业主委员会指导规则第三十一条；据二手资料",
            "Guiding Rules for Owners' Assemblies and Committees Art. 31; secondary source",
        ),
        "YZ_17": _law("第二百七十九条", "Art. 279", **_CIVIL),
        "YZ_17_INTERESTED": _t(
            "民法典第二百七十九条；建筑物区分所有权司法解释第十条、第十一条",
            "Civil Code Art. 279; SPC Interpretation on Building Co-ownership Arts. 10 and 11",
        ),
        "JW_1": _law("第七条", "Art. 7", **_JW),
        "JW_2": _law("第八条第一款", "Art. 8(1)", **_JW),
        "JW_3": _law("第八条第二款", "Art. 8(2)", **_JW),
        "JW_3_AGE_DEFAULT": _law(
            "第八条",
            "Art. 8",
            **_JW,
            note_zh="；年龄计算日期未经确认，默认选举日",
            note_en="; reference date for age unconfirmed; default: election day",
        ),
        "JW_3_REGISTRATION_DEFAULT": _law(
            "第八条",
            "Art. 8",
            **_JW,
            note_zh="；人户分离居民的登记未经确认",
            note_en="; registration of residents whose hukou is elsewhere unconfirmed",
        ),
        "JW_5_DEFAULT": _t(
            "参照村民委员会组织法第十五条；居委会选举规则未经确认",
            "by analogy to Villagers' Committees Organic Law Art. 15; residents' committee election rules unconfirmed",
        ),
        "JW_5_CANDIDATES": _t(
            "河南省实施办法第九条、北京市实施办法第十三条；一般差额，允许等额",
            "Henan Implementing Measures Art. 9, Beijing Implementing Measures Art. 13; usually more "
            "candidates than seats, equal numbers allowed",
        ),
        "JW_6": _law("第九条", "Art. 9", **_JW),
        "JW_7": _law("第十条第二款", "Art. 10(2)", **_JW),
        "JW_8": _law("第十条第三款、第九条", "Art. 10(3) and Art. 9", **_JW),
        "JW_8_START_DEFAULT": _t(
            "参照村民委员会组织法第十六条；居委会罢免发起门槛未经确认",
            "by analogy to Villagers' Committees Organic Law Art. 16; recall initiation for residents' "
            "committees unconfirmed",
        ),
        "JW_9_DEFAULT": _law(
            "第十一条",
            "Art. 11",
            **_JW,
            note_zh="；少数服从多数；法定人数与比例未经确认",
            note_en="; majority rule; quorum and exact threshold unconfirmed",
        ),
        "RESIDENTS_REPRESENTATIVES_DEFAULT": _t(
            "居民代表会议；国家法律未规定，默认参照居民会议过半数规则",
            "residents' representative assembly: national law silent, default by analogy to the residents' "
            "assembly majority rule",
        ),
        "CW_1": _law("第六条", "Art. 6", **_CW),
        "CW_2": _law("第十一条", "Art. 11", **_CW),
        "CW_3": _law("第十三条第一款", "Art. 13(1)", **_CW),
        "CW_4": _law("第十三条", "Art. 13", **_CW),
        "CW_5": _law("第十四条", "Art. 14", **_CW),
        "CW_6": _law("第十五条第一款", "Art. 15(1)", **_CW),
        "CW_7": _law("第十五条第二款", "Art. 15(2)", **_CW),
        "CW_8": _law("第十五条第二款", "Art. 15(2)", **_CW),
        "CW_9_DEFAULT": _law("第十五条", "Art. 15", **_CW, note_zh=_ANALOGY_ZH, note_en=_ANALOGY_EN),
        "CW_10": _law("第十五条第二款", "Art. 15(2)", **_CW),
        "CW_10_TURNOUT_DEFAULT": _law(
            "第十五条第二款",
            "Art. 15(2)",
            **_CW,
            note_zh="；另行选举是否须过半数投票未经确认，默认适用",
            note_en="; whether a run-off needs more than half turnout is unconfirmed; default: yes",
        ),
        "CW_10_VACANCY_DEFAULT": _law(
            "第十五条、第十九条",
            "Art. 15 and Art. 19",
            **_CW,
            note_zh="；空缺处理由地方规定，默认：另行选举后至少三人当选的，空缺由村民会议或村民代表会议补选",
            note_en="; vacancies are set locally, default: after the run-off, with at least three elected, "
            "remaining seats are left to a by-election",
        ),
        "CW_11_DEFAULT": _law("第十五条", "Art. 15", **_CW, note_zh=_ANALOGY_ZH, note_en=_ANALOGY_EN),
        "CW_13": _law("第十五条第四款", "Art. 15(4)", **_CW),
        "CW_14_DEFAULT": _t(
            "参照北京市选举办法第二十三条、浙江省选举办法第二十四条；国家法律未规定",
            "by analogy to Beijing Measures Art. 23 and Zhejiang Measures Art. 24; national law silent",
        ),
        "CW_15": _law("第十六条第一款", "Art. 16(1)", **_CW),
        "CW_16": _law("第十六条第二款", "Art. 16(2)", **_CW),
        "CW_17": _law("第十九条", "Art. 19", **_CW),
        "CW_17_DEFAULT": _law(
            "第十九条",
            "Art. 19",
            **_CW,
            note_zh="；补选参加人数参照第二十二条、第二十六条，未经确认",
            note_en="; by-election turnout by analogy to Art. 22 and Art. 26; unconfirmed",
        ),
        "CW_18": _law("第二十一条", "Art. 21", **_CW),
        "CW_19": _law("第二十二条", "Art. 22", **_CW),
        "CW_21": _law("第二十四条", "Art. 24", **_CW),
        "CW_22": _law("第二十五条", "Art. 25", **_CW),
        "CW_23": _law("第二十六条第一款", "Art. 26(1)", **_CW),
        "CW_24": _law("第二十六条第二款", "Art. 26(2)", **_CW),
        "CW_25": _law("第二十八条", "Art. 28", **_CW),
        "CW_27": _law("第三十二条", "Art. 32", **_CW),
        "CW_27_SHANDONG": _t("山东省村务公开条例第十四条", "Shandong Village Affairs Disclosure Regulations Art. 14"),
        "CW_28": _law("第三十三条", "Art. 33", **_CW),
        "CW_29_HANDOVER": _law("第二十条", "Art. 20", **_CW),
        "AGE_ON_ELECTION_DAY_DEFAULT": _law(
            "第十三条",
            "Art. 13",
            **_CW,
            note_zh="；年龄计算至选举日，国家法律未规定",
            note_en="; age reckoned on election day; national law silent",
        ),
        "BJ_12": _law("第十二条", "Art. 12", **_BJ),
        "BJ_13": _law("第十三条", "Art. 13", **_BJ),
        "BJ_16": _law("第十六条", "Art. 16", **_BJ),
        "BJ_23": _law("第二十三条", "Art. 23", **_BJ),
        "BJ_25": _law("第二十五条", "Art. 25", **_BJ),
        "BJ_28": _law("第二十八条", "Art. 28", **_BJ),
        "BJ_29": _law("第二十九条", "Art. 29", **_BJ),
        "BJ_30": _law("第三十条", "Art. 30", **_BJ),
        "BJ_33": _law("第三十三条", "Art. 33", **_BJ),
        "BJ_34": _law("第三十四条", "Art. 34", **_BJ),
        "SH_9": _law("第九条", "Art. 9", **_SH),
        "SH_12": _law("第十二条", "Art. 12", **_SH),
        "SH_16": _law("第十六条", "Art. 16", **_SH),
        "SH_19": _law("第十九条", "Art. 19", **_SH),
        "SH_20": _law("第二十条", "Art. 20", **_SH),
        "SH_21": _law("第二十一条", "Art. 21", **_SH),
        "SH_27": _law("第二十七条", "Art. 27", **_SH),
        "ZJ_12": _law("第十二条", "Art. 12", **_ZJ),
        "ZJ_13": _law("第十三条", "Art. 13", **_ZJ),
        "ZJ_16": _law("第十六条", "Art. 16", **_ZJ),
        "ZJ_20": _law("第二十条", "Art. 20", **_ZJ),
        "ZJ_24": _law("第二十四条", "Art. 24", **_ZJ),
        "ZJ_25": _law("第二十五条", "Art. 25", **_ZJ),
        "ZJ_27": _law("第二十七条", "Art. 27", **_ZJ),
        "ZJ_28": _law("第二十八条", "Art. 28", **_ZJ),
        "ZJ_29": _law("第二十九条", "Art. 29", **_ZJ),
        "ZJ_30": _law("第三十条", "Art. 30", **_ZJ),
        "ZJ_34": _law("第三十四条", "Art. 34", **_ZJ),
        "ZJ_35": _law("第三十五条", "Art. 35", **_ZJ),
        "ZJ_36": _law("第三十六条", "Art. 36", **_ZJ),
        "ZJ_38": _law("第三十八条", "Art. 38", **_ZJ),
        "SY_1": _t(
            "四议两公开；中国共产党农村基层组织工作条例，条文未核实",
            "four deliberations and two disclosures: CPC Rural Grassroots Organisations Work Regulations, "
            "article not verified",
        ),
        "SY_1_LOCAL": _t("地方四议两公开实施办法；未经确认", "local four-two implementation rules; unconfirmed"),
        "ONLINE_RULE": _t("本社区自定的表决规则", "voting rule set by the community"),
        "JW_10": _law("第六条", "Art. 6", **_JW),
        "CW_26": _law("第三十条第三款", "Art. 30(3)", **_CW),
        "CW_26_SHANDONG": _t("山东省村务公开条例第十二条", "Shandong Village Affairs Disclosure Regulations Art. 12"),
        "CW_26_READING": _law(
            "第三十条第三款",
            "Art. 30(3)",
            **_CW,
            note_zh="；按自然季度、自然月计算，系实施中的选择",
            note_en="; read as calendar quarters and months, an implementation choice",
        ),
        "CW_29_AUDIT_REQUEST": _law("第三十五条第一款第六项", "Art. 35(1)(6)", **_CW),
        "CW_29_LEAVING_AUDIT": _law("第三十五条第二款", "Art. 35(2)", **_CW),
        "PI_2_SENSITIVE": _law("第二十八条", "Art. 28", **_PIPL),
        "PI_2_SEPARATE_CONSENT": _law("第二十九条", "Art. 29", **_PIPL),
        "PI_2_GUARDIAN": _law("第三十一条第一款", "Art. 31(1)", **_PIPL),
        "PI_2_SPECIAL_RULES": _law("第三十一条第二款", "Art. 31(2)", **_PIPL),
        "PI_2_ASSESSMENT": _law("第五十五条", "Art. 55", **_PIPL),
    }
)

_PRESENT = _t("出席人数", "Present")
_YES_VOTES = _t("同意人数", "In favour")
_OF_PRESENT = _t("出席人数", "those present")


def _meeting_labels(prefix: str, base: Text) -> dict[str, tuple[Text, Text | None]]:
    return {f"{prefix}.quorum": (_PRESENT, base), f"{prefix}.decision": (_YES_VOTES, _OF_PRESENT)}


CONDITION_LABELS: Mapping[str, tuple[Text, Text | None]] = MappingProxyType(
    {
        "number.threshold": (_t("数值", "Value"), _t("总数", "total")),
        "owners.participation.area": (_t("参与表决面积", "Participating area"), _t("总面积", "total")),
        "owners.participation.count": (_t("参与表决人数", "Participating owners"), _t("总人数", "total")),
        "owners.agreement.area": (_t("同意面积", "Area in favour"), _t("参与表决面积", "participating area")),
        "owners.agreement.count": (
            _t("同意人数", "Owners in favour"),
            _t("参与表决人数", "participating owners"),
        ),
        "owners.agreement.area.attributed": (
            _t("同意面积（计入未表决业主）", "Area in favour (non-voters attributed)"),
            _t("总面积", "total"),
        ),
        "owners.agreement.count.attributed": (
            _t("同意人数（计入未表决业主）", "Owners in favour (non-voters attributed)"),
            _t("总人数", "total"),
        ),
        "owners.convene.count": (
            _t("提议的业主人数", "Owners proposing"),
            _t("业主总人数", "all owners"),
        ),
        "owners.convene.area": (
            _t("提议业主的专有部分面积", "Exclusive area of the owners proposing"),
            _t("总面积", "the total"),
        ),
        "owners.business_use.rules": (
            _t("不违反法律、法规和管理规约", "Keeps to the laws, regulations and the management statute"),
            None,
        ),
        "owners.business_use.consent": (
            _t("同意的有利害关系业主", "Interested owners consenting"),
            _t(
                "有利害关系的业主（含本栋建筑物内的其他业主）",
                "all interested owners (every other owner in the building)",
            ),
        ),
        **_meeting_labels("meeting.residents_assembly", _t("应出席人数", "the assembly")),
        "meeting.residents_assembly.group_representatives_min": (
            _t("居民小组代表人数", "Group representatives"),
            _t("每组二人的下限", "the minimum of two per group"),
        ),
        "meeting.residents_assembly.group_representatives_max": (
            _t("居民小组代表人数", "Group representatives"),
            _t("每组三人的上限", "the maximum of three per group"),
        ),
        "meeting.residents_assembly.convene.residents": (
            _t("提议的十八周岁以上居民", "Residents 18+ proposing"),
            _t("十八周岁以上居民", "all residents 18+"),
        ),
        "meeting.residents_assembly.convene.households": (
            _t("提议的户数", "Households proposing"),
            _t("总户数", "all"),
        ),
        "meeting.residents_assembly.convene.groups": (
            _t("提议的居民小组", "Residents' groups proposing"),
            _t("居民小组总数", "all groups"),
        ),
        **_meeting_labels("meeting.residents_representatives", _t("居民代表会议组成人员", "the members")),
        **_meeting_labels("meeting.committee_decision", _t("委员会成员", "the committee members")),
        "meeting.villagers_assembly.convene.villagers": (
            _t("提议的村民", "Villagers proposing"),
            _t("十八周岁以上村民", "all villagers 18+"),
        ),
        "meeting.villagers_assembly.convene.representatives": (
            _t("提议的村民代表", "Representatives proposing"),
            _t("村民代表总数", "all representatives"),
        ),
        **_meeting_labels("meeting.villagers_assembly.individual", _t("十八周岁以上村民", "villagers 18+")),
        "meeting.villagers_assembly.household.quorum": (
            _t("到会的户代表", "Household representatives present"),
            _t("总户数", "all households"),
        ),
        "meeting.villagers_assembly.household.decision": (_YES_VOTES, _OF_PRESENT),
        "meeting.villager_representatives.convene": (
            _t("提议的村民代表", "Representatives proposing"),
            _t("村民代表总数", "all representatives"),
        ),
        **_meeting_labels("meeting.villager_representatives", _t("全体组成人员", "all members")),
        "meeting.villager_representatives.authorised": (
            _t(
                "村民会议已授权村民代表会议决定该事项",
                "The villagers' assembly authorised the representatives",
            ),
            None,
        ),
        **_meeting_labels("meeting.villager_group.individual", _t("本组十八周岁以上村民", "the group's villagers 18+")),
        "meeting.villager_group.household.quorum": (
            _t("到会的户代表", "Household representatives present"),
            _t("本组总户数", "the group's households"),
        ),
        "meeting.villager_group.household.decision": (_YES_VOTES, _OF_PRESENT),
        "vote.online.quorum": (_t("投票人数", "Votes cast"), _t("有投票权人数", "eligible voters")),
        "vote.online.threshold.votes_cast": (_t("赞成票", "Votes in favour"), _t("投票人数", "votes cast")),
        "vote.online.threshold.eligible": (
            _t("赞成票", "Votes in favour"),
            _t("有投票权人数", "eligible voters"),
        ),
        "notice.voter_list": (
            _t("选民名单公布距选举日", "Voter list published before the election by"),
            _t("法定天数", "the required days"),
        ),
        "notice.villagers_assembly": (
            _t("会议通知距村民会议", "Notice given before the villagers' assembly by"),
            _t("法定天数", "the required days"),
        ),
        "notice.owners_meeting": (
            _t("会议通知距业主大会会议", "Notice given before the owners' meeting by"),
            _t("法定天数", "the required days"),
        ),
        "deadline.voter_list_complaint": (
            _t("申诉距名单公布", "Complaint lodged after publication"),
            _t("期限", "the time limit"),
        ),
        "deadline.complaint_decision": (
            _t("处理决定距收到申诉", "Decision made after the complaint"),
            _t("期限", "the time limit"),
        ),
        "deadline.runoff": (
            _t("另行选举距首轮投票", "Run-off held after the first round"),
            _t("期限", "the time limit"),
        ),
        "deadline.recall_vote": (
            _t("罢免表决距收到罢免要求", "Recall vote held after the request"),
            _t("期限", "the time limit"),
        ),
        "deadline.owners_challenge": (
            _t("请求撤销业主大会决定距知道或者应当知道该决定", "Annulment sought after the owner knew of the decision"),
            _t("一年期限", "the one-year limit"),
        ),
        "deadline.handover": (
            _t("原村民委员会移交工作距新一届产生", "Work handed over after the new committee was elected"),
            _t("期限", "the time limit"),
        ),
        "committee.residents.size_min": (
            _t("居委会成员人数", "Committee members"),
            _t("最少人数", "the minimum"),
        ),
        "committee.residents.size_max": (
            _t("居委会成员人数", "Committee members"),
            _t("最多人数", "the maximum"),
        ),
        "committee.residents.minority": (
            _t("人数较少民族的成员", "Members from smaller ethnic groups"),
            _t("要求人数", "the required number"),
        ),
        "committee.term.residents_committee": (
            _t("本届居民委员会已任职", "Time the residents' committee has served"),
            _t("五年任期", "the five-year term"),
        ),
        "committee.term.villagers_committee": (
            _t("本届村民委员会已任职", "Time the villagers' committee has served"),
            _t("五年任期", "the five-year term"),
        ),
        "committee.owners.size_min": (
            _t("业主委员会委员人数", "Owners' committee members"),
            _t("最少人数", "the minimum"),
        ),
        "committee.owners.size_max": (
            _t("业主委员会委员人数", "Owners' committee members"),
            _t("最多人数", "the maximum"),
        ),
        "committee.owners.odd": (
            _t("业主委员会委员人数为单数", "The owners' committee has an odd number of members"),
            None,
        ),
        "committee.villagers.size_min": (
            _t("村委会成员人数", "Committee members"),
            _t("最少人数", "the minimum"),
        ),
        "committee.villagers.size_max": (
            _t("村委会成员人数", "Committee members"),
            _t("最多人数", "the maximum"),
        ),
        "committee.villagers.women": (_t("妇女成员", "Women members"), _t("要求人数", "the required number")),
        "committee.villagers.minority": (
            _t("人数较少民族的成员", "Members from smaller ethnic groups"),
            _t("要求人数", "the required number"),
        ),
        "committee.villager_representatives.representatives": (
            _t("村民代表", "Representatives"),
            _t("村民代表会议组成人员", "all members"),
        ),
        "committee.villager_representatives.women": (
            _t("妇女村民代表", "Women representatives"),
            _t("村民代表会议组成人员", "all members"),
        ),
        "committee.villager_representatives.households_min": (
            _t("户数", "Households"),
            _t("每五户一名代表的下限", "five per representative"),
        ),
        "committee.villager_representatives.households_max": (
            _t("户数", "Households"),
            _t("每十五户一名代表的上限", "fifteen per representative"),
        ),
        "committee.supervision.villager": (_t("是本村村民", "Is a villager"), None),
        "committee.supervision.not_excluded_role": (
            _t("不是村委会成员或其他不得担任的人员", "Holds no excluded post (committee member etc.)"),
            None,
        ),
        "committee.supervision.not_close_relative": (
            _t("不是村委会成员的近亲属", "Is not a close relative of a committee member"),
            None,
        ),
        "committee.supervision.expertise": (
            _t("成员中有具备财会、管理知识的人员", "A member has finance or management knowledge"),
            None,
        ),
        "committee.review.consecutive_incompetent": (
            _t("未连续两次被评议为不称职", "Not rated unfit twice in a row"),
            None,
        ),
        "committee.review.annual": (
            _t("每年至少进行一次民主评议", "Evaluated at least once every year"),
            None,
        ),
        "community.residents_area.min": (
            _t("居民委员会辖区户数", "Households in the area"),
            _t("一般下限", "the usual minimum"),
        ),
        "community.residents_area.max": (
            _t("居民委员会辖区户数", "Households in the area"),
            _t("一般上限", "the usual maximum"),
        ),
        "village.audit_request": (
            _t("要求审计的村民", "Villagers requiring the audit"),
            _t("本村村民", "all villagers"),
        ),
        "village.leaving_audit.published": (
            _t("离任经济责任审计结果已公布", "The leaving-office audit result was published"),
            None,
        ),
        "village.leaving_audit.before_election": (
            _t("离任经济责任审计结果在下一届村民委员会选举之前公布", "Published before the next committee election"),
            None,
        ),
        "village.publication.period": (
            _t("本期公布次数", "Publications in the period"),
            _t("每期最少次数", "the minimum per period"),
        ),
        "village.publication.immediate": (
            _t("重大事项已公布", "The major matter was published"),
            None,
        ),
        "village.publication.within_days": (
            _t("重大事项发生后至公布", "Days from the matter to its publication"),
            _t("期限", "the time limit"),
        ),
        "personal_data.minor.guardian_consent": (
            _t("已取得父母或者其他监护人的同意", "A parent or other guardian consented"),
            None,
        ),
        "personal_data.minor.separate_consent": (
            _t("已取得处理敏感个人信息的单独同意", "Separate consent to processing sensitive data"),
            None,
        ),
        "personal_data.minor.special_rules": (
            _t("已制定处理未成年人个人信息的专门规则", "Special rules for processing children's data adopted"),
            None,
        ),
        "personal_data.minor.impact_assessment": (
            _t("已事前进行个人信息保护影响评估", "Data-protection impact assessment made beforehand"),
            None,
        ),
        "election.registration.age": (
            _t("选举日年龄", "Age on election day"),
            _t("法定年龄", "the voting age"),
        ),
        "election.registration.political_rights": (
            _t("未被依法剥夺政治权利", "Not deprived of political rights"),
            None,
        ),
        "election.registration.not_registered_elsewhere": (
            _t("未在其他地方登记参加选举", "Not registered to vote elsewhere"),
            None,
        ),
        "election.registration.hukou_and_resident": (
            _t("户籍在本村并且在本村居住", "Hukou here and lives here"),
            None,
        ),
        "election.registration.expressed_wish": (
            _t("户籍在本村、不在本村居住，本人表示参加选举", "Hukou here, lives away, wishes to vote"),
            None,
        ),
        "election.registration.category": (
            _t("属于应当登记的人员", "Falls in a registration category"),
            None,
        ),
        "election.registration.resident": (_t("是本居住地区居民", "Is a resident of the area"), None),
        "election.registration.residence_years": (
            _t("在本村居住（或工作）年限", "Years living (or working) here"),
            _t("要求年限", "the required years"),
        ),
        "election.registration.applied": (_t("本人申请参加选举", "Applied to vote"), None),
        "election.registration.assembly_agreed": (
            _t("经村民会议或村民代表会议同意", "Agreed by the villagers' (representative) assembly"),
            None,
        ),
        "election.validity.turnout": (_t("投票人数", "Voters"), _t("登记选民", "registered voters")),
        "election.validity.ballot_box": (
            _t("收回选票", "Ballots in the box"),
            _t("投票人数", "the number of voters"),
        ),
        "election.ballot.legible": (_t("选票可以辨认", "Ballot is legible"), None),
        "election.ballot.names": (_t("所选人数", "Names marked"), _t("应选名额", "the seats")),
        "election.ballot.one_post_per_person": (
            _t("未选同一人担任两项以上职务", "No person marked for two posts"),
            None,
        ),
        "election.winners.majority": (_t("得票", "Votes"), _t("参加投票的选民", "all who voted")),
        "election.winners.ranked": (
            _t("过半数者多于应选名额，以得票多者当选", "More majority winners than seats: most votes win"),
            None,
        ),
        "election.winners.tie": (_t("末位无同票", "No tie for the last seat"), None),
        "election.runoff.candidates": (
            _t("另行选举候选人数", "Run-off candidates"),
            _t("应选名额", "the seats"),
        ),
        "election.runoff.floor": (_t("得票", "Votes"), _t("已投选票总数", "all ballots cast")),
        "election.vacancies.min_elected": (
            _t("已当选人数", "Members elected"),
            _t("可以空缺的下限", "the minimum"),
        ),
        "election.vacancies.chair_elected": (_t("已选出主任", "The chair has been elected"), None),
        "election.vacancies.stage": (
            _t("本轮之后名额可以空缺", "Seats may stay vacant after this round"),
            None,
        ),
        "election.candidates.self_nomination": (
            _t("允许无候选人自荐直选", "Direct election of self-nominees allowed"),
            None,
        ),
        "election.candidates.min": (_t("候选人数", "Candidates"), _t("最少候选人数", "the minimum")),
        "election.candidates.max": (_t("候选人数", "Candidates"), _t("最多候选人数", "the maximum")),
        "election.recall_start.voters": (
            _t("联名村民", "Voters signing"),
            _t("有选举权的村民", "all voters"),
        ),
        "election.recall_start.representatives": (
            _t("联名村民代表", "Representatives signing"),
            _t("村民代表总数", "all representatives"),
        ),
        "election.recall_start.reasons": (_t("说明了罢免理由", "Reasons for the recall stated"), None),
        "election.recall_vote.turnout": (_t("投票人数", "Voters"), _t("登记选民", "registered voters")),
        "election.recall_vote.approval": (
            _t("赞成罢免", "In favour of recall"),
            _t("投票人数", "those who voted"),
        ),
        "election.by_election.turnout": (
            _t("参加投票人数", "Voters"),
            _t("会议组成人员", "members of the body"),
        ),
        "election.proxy.allowed": (_t("允许委托投票", "Proxy voting allowed"), None),
        "election.proxy.grantor_away": (
            _t("委托人是登记选民且选举期间外出", "Grantor is a registered voter who is away"),
            None,
        ),
        "election.proxy.written": (_t("书面委托", "Proxy given in writing"), None),
        "election.proxy.holder_voter": (_t("受委托人在本村有选举权", "Proxy holder may vote here"), None),
        "election.proxy.close_relative": (_t("受委托人是近亲属", "Proxy holder is a close relative"), None),
        "election.proxy.cap": (
            _t("受委托人持有的委托（含本次）", "Proxies held (this one included)"),
            _t("上限", "the cap"),
        ),
        "election.proxy.not_candidate": (_t("受委托人不是候选人", "Proxy holder is not a candidate"), None),
        "election.proxy.no_sub_delegation": (_t("未转委托", "No sub-delegation"), None),
        "election.proxy.days_before": (
            _t("办理委托距选举日", "Proxy arranged before election day by"),
            _t("要求天数", "the required days"),
        ),
        "election.proxy.lists_published": (_t("已公布委托人和受委托人名单", "Proxy lists published"), None),
        "election.proxy.lists_days_before": (
            _t("公布委托名单距选举日", "Proxy lists published before election day by"),
            _t("要求天数", "the required days"),
        ),
        "election.mobile_box.monitors": (
            _t("流动票箱监票人", "Mobile-box monitors"),
            _t("最少人数", "the minimum"),
        ),
        "election.mobile_box.approved": (_t("经乡镇选举工作指导机构批准", "Approved by the township"), None),
        "election.mobile_box.list_published": (
            _t("已公告使用流动票箱的选民名单", "List of mobile-box voters published"),
            None,
        ),
        "village.four_two.order": (_t("各步骤按顺序进行", "Steps taken in order"), None),
        "village.four_two.party_meeting_quorum": (
            _t("党员大会到会党员", "Party members present"),
            _t("党员总数", "all members"),
        ),
        "village.four_two.step.party_proposal": (
            _t("第一步：村党组织提议", "Step 1: Party organisation proposes"),
            None,
        ),
        "village.four_two.step.joint_deliberation": (
            _t("第二步：村“两委”会议商议", "Step 2: joint meeting of both committees deliberates"),
            None,
        ),
        "village.four_two.step.party_members_review": (
            _t("第三步：党员大会审议", "Step 3: meeting of Party members reviews"),
            None,
        ),
        "village.four_two.step.resolution": (
            _t("第四步：村民会议或村民代表会议决议", "Step 4: villagers' (representative) assembly resolves"),
            None,
        ),
        "village.four_two.step.resolution_published": (
            _t("第五步：决议公开", "Step 5: resolution published"),
            None,
        ),
        "village.four_two.step.results_published": (
            _t("第六步：实施结果公开", "Step 6: implementation results published"),
            None,
        ),
    }
)


def condition_label(code: str) -> tuple[Text, Text | None]:
    """Label of a condition's figure and of its denominator or bound."""
    return CONDITION_LABELS[code]


_PROFILE_SETTING_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "age_reference": _t("年龄计算日", "Reference date for age"),
        "registration": _t("选民登记", "Voter registration"),
        "non_hukou_min_years": _t("户籍不在本地者的最短居住年限", "Minimum years of residence without local hukou"),
        "work_counts_as_residence": _t("在本村工作视同居住", "Working here counts as living here"),
        "turnout": _t("选举有效的投票人数", "Turnout for a valid election"),
        "ballot_box": _t("收回选票的效力", "Ballots in the box"),
        "winning": _t("当选票数", "Votes needed to win"),
        "tie_handling": _t("末位同票时", "On a tie for the last seat"),
        "too_many_names": _t("所选人数多于应选名额时", "When more names than seats are marked"),
        "same_person_two_posts_void": _t(
            "选同一人担任两项以上职务的选票无效", "A ballot naming one person for two posts is void"
        ),
        "candidate_surplus": _t("候选人差额", "Candidates beyond the seats"),
        "self_nomination_allowed": _t("允许无候选人自荐直选", "Direct election of self-nominees allowed"),
        "runoff_floor": _t("另行选举当选票数", "Votes needed in a run-off"),
        "runoff_requires_turnout": _t("另行选举须过半数投票", "Run-off needs the turnout"),
        "runoff_within_days": _t("另行选举期限（日）", "Run-off within (days)"),
        "vacancy": _t("名额空缺", "Vacant seats"),
        "proxy_allowed": _t("允许委托投票", "Proxy voting allowed"),
        "proxy_cap": _t("每人接受委托上限", "Proxies one person may hold"),
        "proxy_candidate_may_hold": _t("候选人可以接受委托", "Candidates may hold proxies"),
        "proxy_sub_delegation_allowed": _t("允许转委托", "Sub-delegation allowed"),
        "proxy_days_before": _t("办理委托最迟于选举日前（日）", "Proxy arranged at least (days) before"),
        "proxy_list_days_before": _t(
            "公布委托名单最迟于选举日前（日）", "Proxy lists published at least (days) before"
        ),
        "proxy_unpublished_void": _t("未公布的委托无效", "Unpublished proxies are void"),
        "mobile_box_min_monitors": _t("流动票箱最少监票人", "Minimum monitors per mobile box"),
        "mobile_box_requires_approval": _t(
            "流动票箱须经乡镇批准并公告", "Mobile box needs township approval and a list"
        ),
        "recall_start_voters": _t("提出罢免的选民联名", "Voters needed to start a recall"),
        "recall_start_representatives": _t("提出罢免的村民代表联名", "Representatives needed to start a recall"),
        "recall_turnout": _t("罢免表决的投票人数", "Turnout for a recall vote"),
        "recall_approval": _t("罢免通过票数", "Votes needed to recall"),
        "recall_vote_within_days": _t("罢免表决期限（日）", "Recall vote within (days)"),
        "by_election_turnout_assembly": _t("村民会议补选的投票人数", "Turnout for a by-election by the assembly"),
        "by_election_turnout_representatives": _t(
            "村民代表会议补选的投票人数", "Turnout for a by-election by the representatives"
        ),
    }
)

SETTING_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "owners.roll.area_source": _t("表决面积来源", "Source of voting areas"),
        "owners.roll.head_count": _t("业主人数计算", "Owner head count"),
        "owners.roll.co_owned": _t("共有的专有部分按一人计算", "A co-owned unit counts as one person"),
        "owners.matter_class": _t("事项类别", "Class of matter"),
        "owners.spoiled_counts_as_participating": _t("废票计入参与表决", "Spoiled ballots count as participating"),
        "owners.count_non_voters": _t("未表决业主计入多数", "Non-voters added to the majority"),
        "deadline.counting": _t("期间计算", "Counting of days"),
        "deadline.holiday_extension": _t("因法定休假日顺延", "Extended past statutory holidays"),
        "committee.term.re_election": _t("成员可以连选连任", "Members may be re-elected"),
        "committee.term.by_election": _t("补选成员的任期", "Term of a member elected at a by-election"),
        "election.ballot.too_many_names": _t("所选人数多于应选名额时", "When more names than seats are marked"),
        "election.tie_handling": _t("末位同票时", "On a tie for the last seat"),
        "election.by_election.term": _t("补选成员任期", "Term of a by-elected member"),
        "election.proxy.unpublished_void": _t("未公布的委托无效", "Unpublished proxies are void"),
        "village.four_two.merged_proposal": _t("第一、二步合并（一肩挑）", "Steps 1 and 2 merged"),
        "vote.online.rule": _t("表决规则", "Voting rule"),
        "community.residents_area.advisory": _t("户数范围的性质", "Nature of the household range"),
        "village.publication.frequency": _t("公布频次", "How often to publish"),
        "village.publication.calendar_periods": _t("期间的计算", "Periods"),
        "personal_data.minor.age": _t("处理之日的年龄", "Age on the day of processing"),
        "personal_data.minor.sensitive": _t("因未满十四周岁而属于敏感个人信息", "Sensitive because under fourteen"),
        **{f"profile.{name}": label for name, label in _PROFILE_SETTING_LABELS.items()},
    }
)


def setting_label(code: str) -> Text:
    """Label of a setting an outcome relied on."""
    return SETTING_LABELS[code]


MATTER_CLASS: Mapping[str, Text] = MappingProxyType(
    {
        "ordinary": _t("一般事项（双过半数）", "ordinary matter (double majority)"),
        "major": _t("重大事项（双四分之三）", "major matter (three quarters of both)"),
    }
)
DAY_COUNTING: Mapping[str, Text] = MappingProxyType(
    {
        "exclude_start_day": _t("开始的当日不计入", "the first day is not counted"),
        "include_start_day": _t("开始的当日计入", "the first day is counted"),
    }
)
TOO_MANY_NAMES: Mapping[str, Text] = MappingProxyType(
    {
        "void_ballot": _t("整张选票无效", "the whole ballot is void"),
        "void_post": _t("仅该职位无效", "only that post is void"),
    }
)
TIE_HANDLING: Mapping[str, Text] = MappingProxyType(
    {
        "revote_among_tied": _t("就得票相同者再次投票", "re-vote among the tied candidates"),
        "treat_as_unfilled": _t("该名额另行选举", "the seat goes to the run-off"),
    }
)
POSTS: Mapping[str, Text] = MappingProxyType(
    {
        "chair": _t("主任", "chair"),
        "vice_chair": _t("副主任", "vice-chair"),
        "member": _t("委员", "member"),
        "women_member": _t("妇女委员", "women's member"),
    }
)
PROFILE_NAMES: Mapping[str, Text] = MappingProxyType(
    {
        "national": _t("全国（村民委员会组织法）", "national (Villagers' Committees Organic Law)"),
        "beijing": _t("北京市", "Beijing"),
        "shanghai": _t("上海市", "Shanghai"),
        "zhejiang": _t("浙江省", "Zhejiang"),
        "residents_committee": _t("居民委员会（参照适用，未经确认）", "residents' committee (by analogy, unconfirmed)"),
    }
)
ADVISORY_RANGE = _t(
    "“一般”范围，仅供参考；设立和规模调整由不设区的市、市辖区人民政府决定",
    "a usual range (一般), advisory; the city or district government decides the set-up and size",
)
PUBLICATION_FREQUENCY: Mapping[str, Text] = MappingProxyType(
    {
        "quarterly": _t("至少每季度公布一次", "at least once per quarter"),
        "monthly": _t("每月公布一次", "every month"),
        "immediately": _t("随时公布", "immediately"),
    }
)
CALENDAR_PERIODS = _t(
    "每个已届满的自然季度或自然月至少公布一次",
    "each calendar quarter or month that has ended needs a publication",
)
NOT_SET = _t("未规定", "not set")
CITATION_ONLY: Mapping[str, Text] = MappingProxyType(
    {
        "age_reference": _t("选举日", "election day"),
        "registration": _t("按户籍与居住情况分类登记", "by hukou and residence category"),
        "ballot_box": _t("收回选票多于投票人数的，该次选举无效", "more ballots than voters voids the round"),
    }
)


def vacancy_value(
    *,
    min_elected: int,
    requires_chair: bool,
    assembly_decides: bool,
    after_first_round: bool,
    after_runoff: bool,
) -> Text:
    """Summary of when seats may stay vacant."""
    stages_zh = "、".join(name for name, on in (("首轮投票后", after_first_round), ("另行选举后", after_runoff)) if on)
    stages_en = " and ".join(
        name for name, on in (("after the first round", after_first_round), ("after the run-off", after_runoff)) if on
    )
    zh = f"{stages_zh}已当选至少 {min_elected} 人{'且已选出主任' if requires_chair else ''}的，名额可以空缺"
    chair_en = " including the chair" if requires_chair else ""
    en = f"{stages_en}, with at least {min_elected} elected{chair_en}, seats may stay vacant"
    if assembly_decides:
        zh += "，由村民会议或村民代表会议决定"
        en += " if the assembly so decides"
    return _t(zh, en)


def _surplus_range(low: int, high: int | None) -> Text:
    if high is None:
        return _t(f"+{low}以上", f"+{low} or more")
    if high == low:
        return _t(f"+{low}", f"+{low}")
    return _t(f"+{low}至{high}", f"+{low} to {high}")


def surplus_value(surplus: Mapping[str, tuple[int, int | None]]) -> Text:
    """Summary of candidates required beyond the seats, per post."""
    parts = [(POSTS[post], _surplus_range(low, high)) for post, (low, high) in surplus.items()]
    return _t(
        "；".join(f"{post.zh} {extra.zh}" for post, extra in parts),
        "; ".join(f"{post.en} {extra.en}" for post, extra in parts),
    )


_AREA_SOURCES_ZH: Mapping[str, str] = MappingProxyType(
    {"register": "不动产登记簿", "surveyed": "实测面积", "contract": "买卖合同"}
)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def area_sources(sources: Mapping[str, int]) -> Text:
    """Count of units per area source (register, surveyed, contract)."""
    return _t(
        "，".join(f"{_AREA_SOURCES_ZH[source]} {count} 套" for source, count in sources.items()),
        ", ".join(f"{source} {_plural(count, 'unit')}" for source, count in sources.items()),
    )


def head_count_value(*, units: int, persons: int) -> Text:
    """The head count, "N 套专有部分计为 M 人", in both languages."""
    english = f"{_plural(units, 'unit')} count as {_plural(persons, 'person')}"
    return _t(f"{units} 套专有部分计为 {persons} 人", english)


def age_value(age: int) -> Text:
    """An age in whole years (周岁) in both languages."""
    return _t(f"{age} 周岁", _plural(age, "year"))


def days_value(days: int) -> Text:
    """A number of days in both languages."""
    return _t(f"{days} 日", _plural(days, "day"))


def rule_value(*, quorum: Text, threshold: Text, base: str) -> Text:
    """Summary of a community voting rule."""
    cast = base == "votes_cast"
    return _t(
        f"参与：{quorum.zh}；通过：{threshold.zh}（以{'投票人数' if cast else '有投票权人数'}为基数）",
        f"quorum: {quorum.en}; passing: {threshold.en} (of {'votes cast' if cast else 'eligible voters'})",
    )


ERROR_MESSAGES: Mapping[str, Text] = MappingProxyType(
    {
        "invalid_json": _t("输入不是有效的 JSON：{field}", "Input is not valid JSON: {field}"),
        "invalid_case": _t("{field} 必须是一个 JSON 对象", "{field} must be a JSON object"),
        "unknown_rule": _t("未知的规则：{field}", "Unknown rule: {field}"),
        "missing_field": _t("缺少必填项：{field}", "Missing required field: {field}"),
        "unknown_field": _t("无法识别的字段：{field}", "Unknown field: {field}"),
        "invalid_type": _t("{field} 的类型不正确", "{field} has the wrong type"),
        "invalid_number": _t("{field} 不是有效的十进制数", "{field} is not a valid decimal number"),
        "float_not_allowed": _t(
            '{field} 不得使用浮点数，请用十进制字符串（如 "6812.40"）',
            '{field} must not be a float; use a decimal string such as "6812.40"',
        ),
        "invalid_date": _t("{field} 不是有效日期（YYYY-MM-DD）", "{field} is not a valid date (YYYY-MM-DD)"),
        "invalid_choice": _t("{field} 的取值无效", "{field} has an invalid value"),
        "negative_value": _t("{field} 不得为负数", "{field} must not be negative"),
        "not_positive": _t("{field} 必须大于零", "{field} must be greater than zero"),
        "exceeds_total": _t("{field} 不得大于 {other}", "{field} must not exceed {other}"),
        "inconsistent_figures": _t(
            "{field} 与 {other} 不一致（一个为零而另一个不为零）",
            "{field} and {other} are inconsistent (one is zero, the other is not)",
        ),
        "invalid_threshold": _t("{field} 必须在 0 到 1 之间", "{field} must be between 0 and 1"),
        "impossible_threshold": _t(
            "{field}：“超过全部”的门槛永远无法达到", "{field}: a threshold of more than all can never be met"
        ),
        "zero_denominator": _t("{field} 的分母必须大于零", "{field} must have a denominator greater than zero"),
        "duplicate": _t("重复的标识：{field}", "Duplicate identifier: {field}"),
        "missing_area": _t(
            "{field} 没有任何面积（登记、实测或合同）", "{field} has no area (register, surveyed or contract)"
        ),
        "missing_owner": _t("{field} 没有业主", "{field} has no owner"),
        "unknown_reference": _t("{field} 指向不存在的对象", "{field} refers to something that does not exist"),
        "conflicting_ballots": _t(
            "{field}：同一业主的多套专有部分表决意见不一致",
            "{field}: one owner's units carry different choices",
        ),
        "date_order": _t("{field} 不得晚于 {other}", "{field} must not be later than {other}"),
        "no_criteria": _t("{field}：至少需要提供一组数字", "{field}: give at least one set of figures"),
        "empty": _t("{field} 不得为空", "{field} must not be empty"),
        "not_applicable": _t("{field} 不适用于所选规则", "{field} does not apply under the chosen rules"),
        "too_many_votes": _t(
            "{field} 的票数合计超过了 {other} 乘以应选名额",
            "{field} add up to more than {other} times the seats",
        ),
    }
)


def error_message(code: str, *, field: str | None, other: str | None) -> Text:
    """The bilingual message of an error code, filled in with the field names."""
    template = ERROR_MESSAGES[code]
    return _t(
        template.zh.format(field=field or "输入", other=other or ""),
        template.en.format(field=field or "input", other=other or ""),
    )
