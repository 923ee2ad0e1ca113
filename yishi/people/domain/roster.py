"""Roster files: which column is which, how a row's text becomes typed values, and the error codes with their
messages in both languages. Pure Python: the database checks live in yishi/people/roster_import.py."""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from yishi.people.domain.roles import Role


class Field(StrEnum):
    """A column of a roster file, named by its English header."""

    NAME = "name"
    SEX = "sex"
    ETHNICITY = "ethnicity"
    BIRTH_DATE = "birth_date"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    RESIDENCE_STATUS = "residence_status"
    RESIDENT_SINCE = "resident_since"
    COMMUNITY = "community"
    COMPOUND = "compound"
    BUILDING = "building"
    UNIT = "unit"
    EXCLUSIVE_AREA = "exclusive_area"
    AREA_SOURCE = "area_source"
    OWNER = "owner"
    ORGANISATION = "organisation_name"
    DEVELOPER_UNSOLD = "developer_unsold"
    HOUSEHOLD_NUMBER = "household_number"
    HOUSEHOLD_HEAD = "household_head"
    ROLE = "role"


@dataclass(frozen=True)
class Column:
    field: Field
    zh: str
    aliases: tuple[str, ...] = ()

    @property
    def en(self) -> str:
        return self.field.value

    def header(self, language: str) -> str:
        return self.en if language == "en" else self.zh


# The order of an exported file and of the template; the first Chinese name is the one written out.
COLUMNS: tuple[Column, ...] = (
    Column(Field.NAME, "姓名", ("名字", "居民姓名", "full name")),
    Column(Field.SEX, "性别", ("gender",)),
    Column(Field.ETHNICITY, "民族", ("ethnic group",)),
    Column(Field.BIRTH_DATE, "出生日期", ("出生年月日", "生日", "date of birth", "birthday", "dob")),
    Column(
        Field.PHONE,
        "手机号",
        ("手机号码", "手机", "联系电话", "电话", "电话号码", "mobile", "phone number", "telephone"),
    ),
    Column(Field.ID_NUMBER, "身份证号", ("身份证号码", "公民身份号码", "身份证", "id", "id number", "identity number")),
    Column(Field.RESIDENCE_STATUS, "居住类型", ("居住类别", "人口类型", "户籍类型", "居住状态", "status")),
    Column(Field.RESIDENT_SINCE, "入住日期", ("居住起始日期", "入住时间", "living here since")),
    Column(Field.COMMUNITY, "社区", ("村", "社区/村", "社区（村）", "居委会", "村委会", "village")),
    Column(Field.COMPOUND, "小区", ("村民小组", "小区/村民小组", "组", "自然村", "villagers group")),
    Column(Field.BUILDING, "楼栋", ("楼号", "楼", "栋", "幢", "楼栋号")),
    Column(Field.UNIT, "房号", ("门牌号", "室", "房间号", "户", "住房", "room", "dwelling")),
    Column(Field.EXCLUSIVE_AREA, "专有面积", ("专有部分面积", "建筑面积", "面积", "套内面积", "area", "floor area")),
    Column(Field.AREA_SOURCE, "面积来源", ("source of area",)),
    Column(Field.OWNER, "业主", ("是否业主", "产权人", "is owner", "is_owner")),
    Column(
        Field.ORGANISATION,
        "产权单位",
        ("产权单位名称", "单位业主", "organisation", "organization", "organization_name"),
    ),
    Column(Field.DEVELOPER_UNSOLD, "开发商未售", ("未售", "开发商未售房", "developer unsold", "unsold")),
    Column(Field.HOUSEHOLD_NUMBER, "户号", ("户编号", "household", "household number")),
    Column(Field.HOUSEHOLD_HEAD, "户主", ("是否户主", "户代表", "head of household", "representative")),
    Column(Field.ROLE, "角色", ("身份", "职务")),
)
COLUMN_BY_FIELD: dict[Field, Column] = {column.field: column for column in COLUMNS}

MAX_TEXT = {
    Field.NAME: 50,
    Field.ETHNICITY: 20,
    Field.COMMUNITY: 100,
    Field.COMPOUND: 100,
    Field.BUILDING: 100,
    Field.UNIT: 100,
    Field.ORGANISATION: 100,
    Field.HOUSEHOLD_NUMBER: 40,
}

# Messages for every code this module and the roster import use: (zh-Hans, en). Placeholders use str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # The file as a whole.
    "file_empty": ("文件是空的。", "The file is empty."),
    "file_too_large": ("文件太大：最大 {limit}。", "The file is too large: at most {limit}."),
    "file_not_spreadsheet": (
        "这不是电子表格（{kind}）。请上传 Excel 的 .xlsx 文件或 .csv 文件。",
        "This is not a spreadsheet ({kind}). Upload an Excel .xlsx file or a .csv file.",
    ),
    "file_old_xls": (
        "这是旧版 Excel（.xls）文件。请在 Excel 中另存为 .xlsx 或 CSV 后再上传。",
        "This is an old Excel (.xls) file. Save it as .xlsx or CSV in Excel and upload that.",
    ),
    "file_encoding": (
        "无法识别文件的文字编码。请保存为 UTF-8 或 GB18030 编码的 CSV。",
        "The file's text encoding is not recognised. Save the CSV as UTF-8 or GB18030.",
    ),
    "file_unreadable": (
        "无法读取这个 .xlsx 文件，它可能已损坏或受密码保护。",
        "This .xlsx file cannot be read; it may be damaged or password-protected.",
    ),
    "columns_missing": (
        "缺少必需的列：{columns}。第一行应为列名。",
        "Required columns are missing: {columns}. The first row must hold the column names.",
    ),
    "columns_duplicate": ("这些列出现了不止一次：{columns}。", "These columns appear more than once: {columns}."),
    "too_many_rows": (
        "文件有 {rows} 行，超过了每次最多 {limit} 行；请拆分后分批导入。",
        "The file has {rows} rows, more than the {limit} allowed at once; split it into smaller files.",
    ),
    "no_rows": ("文件只有列名，没有数据行。", "The file has column names but no rows of data."),
    # One cell.
    "text_too_long": ("内容太长：最多 {limit} 个字。", "The text is too long: at most {limit} characters."),
    "sex_unknown": ("无法识别的性别：请填写“男”或“女”。", "Unknown sex: write 男 (male) or 女 (female)."),
    "date_invalid": (
        "无法识别的日期：请按 1975-05-01 的格式填写。",
        "Not a date: write it like 1975-05-01.",
    ),
    "date_future": ("日期不能晚于今天。", "The date cannot be later than today."),
    "residence_status_unknown": (
        "无法识别的居住类别：请填写“户籍”、“常住”或“流动”。",
        "Unknown residence status: write 户籍 (registered), 常住 (long-term) or 流动 (migrant).",
    ),
    "area_source_unknown": (
        "无法识别的面积来源：请填写“不动产登记”、“实测”或“购房合同”。",
        "Unknown source of area: write register, surveyed or contract.",
    ),
    "yes_no_invalid": ("请填写“是”或“否”。", "Write 是 (yes) or 否 (no)."),
    "role_unknown": ("无法识别的角色。", "Unknown role."),
    "role_not_importable": (
        "这个角色不能通过导入授予，请在居民页面上指派。",
        "This role cannot be given by import; assign it on the person's page.",
    ),
    "id_as_number": (
        "身份证号码被存成了数字，末几位已丢失。请把这一列设为“文本”格式后重新填写。",
        "The ID number was stored as a number and lost its last digits; format the column as text and re-enter it.",
    ),
    "name_missing": (
        "填写了手机号码、身份证号码或其他个人信息的行必须填写姓名。",
        "A row with a phone, ID number or other personal facts needs a name.",
    ),
    # The row against the place tree and the roster.
    "community_missing": ("请填写社区（村）。", "Name the community or village."),
    "community_unknown": (
        "在本次导入的范围内找不到这个社区（村）：{name}。",
        "No community or village named {name} lies within the place chosen for this import.",
    ),
    "community_outside": (
        "这个社区（村）不在本次导入所选的地点之内：{name}。",
        "This community is not the place chosen for this import: {name}.",
    ),
    "community_ambiguous": (
        "范围内有多个同名社区（村）：{name}；请在更小的范围内导入。",
        "Several communities are named {name} here; import into a smaller place.",
    ),
    "place_kind_mismatch": (
        "“{name}”已登记为{kind}，不能作为这一列使用。",
        "“{name}” is recorded as a {kind}, not what this column names.",
    ),
    "place_not_permitted": (
        "您无权在这里登记居民或房屋：{name}。",
        "You may not record residents or dwellings here: {name}.",
    ),
    "area_without_unit": ("填写面积时必须填写房号。", "An area needs a unit number (房号)."),
    "area_conflict": (
        "与已登记的专有部分面积不同（{recorded} 平方米）；请先在房屋页面上更正。",
        "This differs from the recorded exclusive area ({recorded} m²); correct it on the unit's page first.",
    ),
    "area_conflict_in_file": (
        "与第 {row} 行为同一房屋填写的面积不同。",
        "This differs from the area given for the same unit in row {row}.",
    ),
    "ownership_needs_unit": ("业主必须对应一个房号。", "An owner needs a unit number (房号)."),
    "ownership_needs_area": (
        "登记业主时，这套房屋必须有专有部分面积。",
        "To record an owner, the unit needs an exclusive area.",
    ),
    "ownership_duplicate": ("这一产权已经登记过了。", "This ownership is already recorded."),
    "organisation_and_person": (
        "一行只能登记一个居民或一个产权单位，不能同时填写。",
        "A row names either a person or an owning organisation, not both.",
    ),
    "developer_without_organisation": (
        "建设单位未售房屋请在“产权单位”中填写建设单位（开发商）名称。",
        "For a developer's unsold unit, name the developer in the organisation column.",
    ),
    "household_needs_unit": ("户号必须对应一个房号。", "A household number needs a unit number (房号)."),
    "household_head_without_number": ("标为户主时请填写户号。", "A household head needs a household number."),
    "household_two_heads": (
        "第 {row} 行已是这一户的户主。",
        "Row {row} is already the head of this household.",
    ),
    "household_has_representative": (
        "这一户已登记了户代表：{name}。",
        "This household already has a representative: {name}.",
    ),
    "role_needs_building": ("楼组长必须填写楼栋。", "A building leader needs a building."),
    "role_not_permitted": ("您无权在这里指派这个角色。", "You may not assign this role here."),
    "duplicate_in_file": (
        "与第 {row} 行是同一个人（{what}相同）。",
        "Same person as row {row} (same {what}).",
    ),
    "duplicate_in_database": (
        "此人已在名册中（{what}相同）。",
        "This person is already on the roster (same {what}).",
    ),
    "birth_date_id_mismatch": (
        "出生日期与身份证号码中的出生日期不一致。",
        "The birth date differs from the one in the ID number.",
    ),
    "sex_id_mismatch": ("性别与身份证号码不一致。", "The sex differs from the one the ID number records."),
    "too_many_errors": (
        "只列出了前 {shown} 个错误，共 {total} 个；请先更正这些再重新上传。",
        "Only the first {shown} of {total} errors are listed; correct these and upload again.",
    ),
    "depends_on_invalid_row": (
        "只导入正确的行时，这一行也无法导入：{reason}",
        "Importing only the valid rows, this row cannot be imported either: {reason}",
    ),
}

# Words used inside messages, in both languages.
WORDS: dict[str, tuple[str, str]] = {
    "id_number": ("身份证号码", "ID number"),
    "phone": ("手机号码", "phone"),
    "name_birth_home": ("姓名、出生日期和住址", "name, birth date and home"),
    "an image": ("图片", "an image"),
    "a program": ("程序", "a program"),
    "a PDF document": ("PDF 文档", "a PDF document"),
    "a Word document": ("Word 文档", "a Word document"),
    "an archive": ("压缩包", "an archive"),
    "binary data": ("二进制数据", "binary data"),
    "community": ("社区", "community"),
    "compound": ("小区", "compound"),
    "building": ("楼栋", "building"),
    "unit": ("房屋", "dwelling unit"),
    "street": ("街道", "street"),
    "district": ("区", "district"),
}


def word(key: str, language: str) -> str:
    zh, en = WORDS.get(key, (key, key))
    return en if language == "en" else zh


# Parameters that name a kind of thing are words of this module and are translated with the message.
_WORD_PARAMS = frozenset({"kind", "what"})


def message(code: str, language: str, **params: object) -> str:
    """The message for an error code in "zh" or "en", with its placeholders filled."""
    zh, en = MESSAGES[code]
    filled = {key: word(str(value), language) if key in _WORD_PARAMS else value for key, value in params.items()}
    return (en if language == "en" else zh).format(**filled)


class RosterFileError(ValueError):
    """The file as a whole cannot be read as a roster; `code` and `params` describe why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, language: str) -> str:
        return message(self.code, language, **self.params)


@dataclass(frozen=True, kw_only=True)
class CellError:
    """A problem with one cell (or the row, when `field` is None)."""

    field: Field | None
    code: str
    params: Mapping[str, object] | None = None


@dataclass(frozen=True)
class HeaderMap:
    """Which column index holds which field, the header text as written, and the columns ignored."""

    index: Mapping[Field, int]
    written: Mapping[Field, str]
    ignored: tuple[str, ...]

    def header(self, field: Field | None, language: str) -> str:
        if field is None:
            return ""
        return self.written.get(field) or COLUMN_BY_FIELD[field].header(language)


def _header_key(text: str) -> str:
    """A header without decoration: no BOM, spaces, required-markers, or parenthesised hints; lower case."""
    text = text.replace("\ufeff", "").strip()
    text = re.sub(r"[（(][^）)]*[）)]$", "", text)
    text = text.replace("*", "").replace("＊", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


_ALIASES: dict[str, Field] = {}
for _column in COLUMNS:
    for _name in (_column.zh, _column.en, *_column.aliases):
        _ALIASES[_header_key(_name)] = _column.field


def map_headers(headers: Sequence[object]) -> HeaderMap:
    """Recognise the header row (Chinese or English names); raise RosterFileError for missing or doubled columns."""
    index: dict[Field, int] = {}
    written: dict[Field, str] = {}
    ignored: list[str] = []
    doubled: list[str] = []
    for position, raw in enumerate(headers):
        text = cell_text(raw)
        if not text:
            continue
        field = _ALIASES.get(_header_key(text))
        if field is None:
            ignored.append(text)
        elif field in index:
            doubled.append(text)
        else:
            index[field] = position
            written[field] = text
    if doubled:
        raise RosterFileError("columns_duplicate", columns="、".join(doubled))
    # A roster names people, or at least units with their areas.
    if Field.NAME not in index and not {Field.UNIT, Field.EXCLUSIVE_AREA} <= set(index):
        missing = [COLUMN_BY_FIELD[Field.NAME].zh + " / name"]
        if Field.UNIT in index or Field.EXCLUSIVE_AREA in index:
            missing = [
                COLUMN_BY_FIELD[field].zh + " / " + field.value
                for field in (Field.UNIT, Field.EXCLUSIVE_AREA)
                if field not in index
            ]
        raise RosterFileError("columns_missing", columns="、".join(missing))
    return HeaderMap(index=index, written=written, ignored=tuple(ignored))


def cell_text(value: object) -> str:
    """A cell as trimmed text: whole numbers without '.0', dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


SEX_WORDS = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
    "未知": "unknown",
    "unknown": "unknown",
    "": "unknown",
}
STATUS_WORDS = {
    "户籍": "registered",
    "户籍人口": "registered",
    "户籍居民": "registered",
    "本地户籍": "registered",
    "registered": "registered",
    "常住": "long_term",
    "常住人口": "long_term",
    "非户籍常住": "long_term",
    "long_term": "long_term",
    "long-term": "long_term",
    "流动": "migrant",
    "流动人口": "migrant",
    "migrant": "migrant",
}
AREA_SOURCE_WORDS = {
    "不动产登记": "register",
    "产权登记": "register",
    "房产证": "register",
    "登记": "register",
    "register": "register",
    "实测": "surveyed",
    "测绘": "surveyed",
    "测绘面积": "surveyed",
    "surveyed": "surveyed",
    "合同": "contract",
    "购房合同": "contract",
    "contract": "contract",
}
YES_WORDS = {"是", "y", "yes", "1", "true", "√", "✓", "有", "业主", "户主"}
NO_WORDS = {"否", "n", "no", "0", "false", "×", "无", ""}

# Roles that a roster file may give; the others carry powers and are assigned one by one on a person's page.
IMPORTABLE_ROLES: frozenset[Role] = frozenset(
    {
        Role.RESIDENT_REPRESENTATIVE,
        Role.BUILDING_LEADER,
        Role.PARTY_MEMBER,
        Role.VOLUNTEER,
        Role.OWNERS_COMMITTEE_MEMBER,
        Role.SOCIAL_ORGANISATION_DELEGATE,
    }
)
ROLE_WORDS: dict[str, Role] = {
    "居民代表": Role.RESIDENT_REPRESENTATIVE,
    "村民代表": Role.RESIDENT_REPRESENTATIVE,
    "楼组长": Role.BUILDING_LEADER,
    "楼栋长": Role.BUILDING_LEADER,
    "户组长": Role.BUILDING_LEADER,
    "党员": Role.PARTY_MEMBER,
    "书记": Role.PARTY_SECRETARY,
    "党支部书记": Role.PARTY_SECRETARY,
    "两委委员": Role.COMMITTEE_MEMBER,
    "委员": Role.COMMITTEE_MEMBER,
    "监督委员": Role.SUPERVISION_MEMBER,
    "监委会委员": Role.SUPERVISION_MEMBER,
    "业委会委员": Role.OWNERS_COMMITTEE_MEMBER,
    "物业": Role.PROPERTY_STAFF,
    "物业人员": Role.PROPERTY_STAFF,
    "社会组织": Role.SOCIAL_ORGANISATION_DELEGATE,
    "社会组织代表": Role.SOCIAL_ORGANISATION_DELEGATE,
    "社工": Role.SOCIAL_WORKER,
    "志愿者": Role.VOLUNTEER,
    "街道干部": Role.STREET_OFFICER,
    "区干部": Role.DISTRICT_OFFICER,
    "专家": Role.EXPERT,
}
for _role in Role:
    ROLE_WORDS[_role.value] = _role
    ROLE_WORDS[_role.value.replace("_", " ")] = _role

ROLE_LABELS_ZH: dict[Role, str] = {
    Role.RESIDENT_REPRESENTATIVE: "居民代表",
    Role.BUILDING_LEADER: "楼组长",
    Role.PARTY_MEMBER: "党员",
    Role.VOLUNTEER: "志愿者",
    Role.OWNERS_COMMITTEE_MEMBER: "业委会委员",
    Role.SOCIAL_ORGANISATION_DELEGATE: "社会组织代表",
}

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s.*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_ROLE_SEPARATORS = re.compile(r"[、,，;；/]")
_AREA_UNITS = re.compile(r"\s*(平方米|平米|㎡|m²|m2|sqm)\s*$", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class RosterRow:
    """One row of a roster file with its text turned into typed values. Phone, ID and area stay text here:
    the same checks as a single edit (people.actions, places.actions) judge them."""

    row: int
    name: str = ""
    sex: str = "unknown"
    ethnicity: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    id_number: str = ""
    residence_status: str = "registered"
    resident_since: datetime.date | None = None
    community: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    exclusive_area: str = ""
    area_source: str = ""
    owner: bool = False
    organisation_name: str = ""
    developer_unsold: bool = False
    household_number: str = ""
    household_head: bool = False
    roles: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return bool(self.name)


def parse_date(text: str) -> datetime.date:
    """A date written the ways Chinese spreadsheets write it; ValueError otherwise."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError(text)


def area_text(text: str) -> str:
    """An area without its unit of measure or thousands separators, ready for places.actions.parse_area."""
    return _AREA_UNITS.sub("", text).replace(",", "").replace("，", "").strip()


def _yes_no(text: str) -> bool | None:
    key = text.strip().lower()
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


def normalise_row(
    row: int, cells: Sequence[object], headers: HeaderMap, *, today: datetime.date
) -> tuple[RosterRow | None, list[CellError]]:
    """Typed values of one data row and the problems found in its cells; None for an empty row."""
    texts: dict[Field, str] = {}
    raw: dict[Field, object] = {}
    for field, position in headers.index.items():
        value = cells[position] if position < len(cells) else None
        raw[field] = value
        texts[field] = cell_text(value)
    if not any(texts.values()):
        return None, []
    errors: list[CellError] = []
    values: dict[str, object] = {"row": row}

    for field, limit in MAX_TEXT.items():
        text = texts.get(field, "")
        if len(text) > limit:
            errors.append(CellError(field=field, code="text_too_long", params={"limit": limit}))
        elif text:
            values[field.value] = text

    sex_key = texts.get(Field.SEX, "").lower()
    if sex_key in SEX_WORDS:
        values["sex"] = SEX_WORDS[sex_key]
    else:
        errors.append(CellError(field=Field.SEX, code="sex_unknown"))

    status_key = texts.get(Field.RESIDENCE_STATUS, "").lower()
    if status_key:
        if status_key in STATUS_WORDS:
            values["residence_status"] = STATUS_WORDS[status_key]
        else:
            errors.append(CellError(field=Field.RESIDENCE_STATUS, code="residence_status_unknown"))

    for field in (Field.BIRTH_DATE, Field.RESIDENT_SINCE):
        value = raw.get(field)
        text = texts.get(field, "")
        if not text:
            continue
        try:
            day = value.date() if isinstance(value, datetime.datetime) else value
            if not isinstance(day, datetime.date):
                day = parse_date(text)
        except ValueError:
            errors.append(CellError(field=field, code="date_invalid"))
            continue
        if day > today:
            errors.append(CellError(field=field, code="date_future"))
        else:
            values[field.value] = day

    values["phone"] = texts.get(Field.PHONE, "")
    id_raw = raw.get(Field.ID_NUMBER)
    if isinstance(id_raw, (int, float)) and not isinstance(id_raw, bool) and len(texts[Field.ID_NUMBER]) > 15:
        # Excel keeps 15 significant digits: an 18-digit ID typed into a number cell has already lost its end.
        errors.append(CellError(field=Field.ID_NUMBER, code="id_as_number"))
    else:
        values["id_number"] = texts.get(Field.ID_NUMBER, "")

    values["exclusive_area"] = area_text(texts.get(Field.EXCLUSIVE_AREA, ""))
    source_key = texts.get(Field.AREA_SOURCE, "").lower()
    if source_key:
        if source_key in AREA_SOURCE_WORDS:
            values["area_source"] = AREA_SOURCE_WORDS[source_key]
        else:
            errors.append(CellError(field=Field.AREA_SOURCE, code="area_source_unknown"))

    for field in (Field.OWNER, Field.DEVELOPER_UNSOLD, Field.HOUSEHOLD_HEAD):
        answer = _yes_no(texts.get(field, ""))
        if answer is None:
            errors.append(CellError(field=field, code="yes_no_invalid"))
        else:
            values[field.value] = answer

    roles: list[str] = []
    for role_key in _ROLE_SEPARATORS.split(texts.get(Field.ROLE, "")):
        if not role_key.strip():
            continue
        role = ROLE_WORDS.get(role_key.strip()) or ROLE_WORDS.get(role_key.strip().lower())
        if role is None:
            errors.append(CellError(field=Field.ROLE, code="role_unknown"))
        elif role not in IMPORTABLE_ROLES:
            errors.append(CellError(field=Field.ROLE, code="role_not_importable"))
        elif role.value not in roles:
            roles.append(role.value)
    values["roles"] = tuple(roles)

    personal = (Field.PHONE, Field.ID_NUMBER, Field.BIRTH_DATE, Field.HOUSEHOLD_NUMBER, Field.ROLE, Field.ETHNICITY)
    if not texts.get(Field.NAME) and any(texts.get(field) for field in personal):
        errors.append(CellError(field=Field.NAME, code="name_missing"))
    if texts.get(Field.NAME) and texts.get(Field.ORGANISATION):
        errors.append(CellError(field=Field.ORGANISATION, code="organisation_and_person"))
    return RosterRow(**values), errors  # type: ignore[arg-type]


def sex_from_id(id_number: str) -> str:
    """The sex a normalised 18-character ID number records: its 17th digit is odd for men."""
    return "male" if int(id_number[16]) % 2 else "female"


def export_values(row: RosterRow, language: str) -> list[str]:
    """A row written back out in the column order of COLUMNS, in the words an import reads."""
    yes, no = ("yes", "no") if language == "en" else ("是", "否")
    sex = {"male": "男", "female": "女", "unknown": ""} if language != "en" else {"unknown": ""}
    status = {"registered": "户籍", "long_term": "常住", "migrant": "流动"} if language != "en" else {}
    source = {"register": "不动产登记", "surveyed": "实测", "contract": "购房合同"} if language != "en" else {}
    if language == "en":
        roles = "; ".join(row.roles)
    else:
        roles = "、".join(ROLE_LABELS_ZH.get(Role(role), role) for role in row.roles)
    values: dict[Field, str] = {
        Field.NAME: row.name,
        Field.SEX: sex.get(row.sex, row.sex) if row.name else "",
        Field.ETHNICITY: row.ethnicity,
        Field.BIRTH_DATE: row.birth_date.isoformat() if row.birth_date else "",
        Field.PHONE: row.phone,
        Field.ID_NUMBER: row.id_number,
        Field.RESIDENCE_STATUS: status.get(row.residence_status, row.residence_status) if row.name else "",
        Field.RESIDENT_SINCE: row.resident_since.isoformat() if row.resident_since else "",
        Field.COMMUNITY: row.community,
        Field.COMPOUND: row.compound,
        Field.BUILDING: row.building,
        Field.UNIT: row.unit,
        Field.EXCLUSIVE_AREA: row.exclusive_area,
        Field.AREA_SOURCE: source.get(row.area_source, row.area_source),
        Field.OWNER: yes if row.owner else (no if row.name else ""),
        Field.ORGANISATION: row.organisation_name,
        Field.DEVELOPER_UNSOLD: yes if row.developer_unsold else "",
        Field.HOUSEHOLD_NUMBER: row.household_number,
        Field.HOUSEHOLD_HEAD: yes if row.household_head else "",
        Field.ROLE: roles,
    }
    return [values[column.field] for column in COLUMNS]


def format_area(value: Decimal | None) -> str:
    """An area with two decimal places, as the register writes it."""
    if value is None:
        return ""
    try:
        return str(value.quantize(Decimal("0.01")))
    except InvalidOperation:
        return str(value)
