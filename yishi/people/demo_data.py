"""Lists and pure generators for the demo data set (`manage.py seed_demo`).

Nothing here touches the database: names, phone and ID numbers, households and the layout of
streets are drawn from a seeded `random.Random`, so the same seed always gives the same demo.
The loader in yishi/people/management/commands/seed_demo.py turns these drafts into rows.
"""

import datetime
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yishi.people.domain.identity import with_check_digit

# The day the demo is drawn against (ages, "living here since"). Fixed, so the demo is the same
# whenever it is loaded; roles start well before it so that they are current on any later day.
REFERENCE_DAY = datetime.date(2026, 6, 30)
TERM_STARTS_ON = datetime.date(2021, 5, 1)

DEMO_PASSWORD = "yishi-demo-2026"  # noqa: S105 - the published password of the demo accounts


@dataclass(frozen=True, kw_only=True)
class DemoStaff:
    """A demo account that signs in with a username and the demo password."""

    username: str
    name: str
    sex: str
    role: str
    where: str  # "community", "village", "street" or "district": the first of its kind in the demo
    note: str
    birth_year: int


@dataclass(frozen=True, kw_only=True)
class DemoResident:
    """A demo resident who signs in with a phone number and a one-time code."""

    phone: str
    name: str
    sex: str
    where: str  # "owner" (commercial compound), "elder" (public housing) or "villager"
    birth_year: int


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff(
        username="secretary",
        name="王慧琴",
        sex="female",
        role="party_secretary",
        where="community",
        note="居民区党总支书记",
        birth_year=1974,
    ),
    DemoStaff(
        username="director",
        name="李国强",
        sex="male",
        role="committee_member",
        where="community",
        note="居委会主任",
        birth_year=1978,
    ),
    DemoStaff(
        username="supervisor",
        name="张淑芬",
        sex="female",
        role="supervision_member",
        where="community",
        note="居务监督委员会主任",
        birth_year=1961,
    ),
    DemoStaff(
        username="village",
        name="吴永福",
        sex="male",
        role="committee_member",
        where="village",
        note="村委会主任",
        birth_year=1970,
    ),
    DemoStaff(
        username="street",
        name="赵志刚",
        sex="male",
        role="street_officer",
        where="street",
        note="街道自治办",
        birth_year=1982,
    ),
    DemoStaff(
        username="district",
        name="孙立新",
        sex="female",
        role="district_officer",
        where="district",
        note="区民政局基层政权科",
        birth_year=1979,
    ),
    DemoStaff(
        username="expert",
        name="钱文博",
        sex="male",
        role="expert",
        where="district",
        note="高校社会学系教授",
        birth_year=1968,
    ),
)
ADMIN_USERNAME = "admin"

DEMO_RESIDENTS: tuple[DemoResident, ...] = (
    DemoResident(phone="13800000001", name="刘建军", sex="male", where="owner", birth_year=1976),
    DemoResident(phone="13800000002", name="陈秀英", sex="female", where="elder", birth_year=1949),
    DemoResident(phone="13800000003", name="周德明", sex="male", where="villager", birth_year=1961),
)

# The most frequent surnames of mainland China with their approximate share (per cent), from the
# 2020 census household-register statistics; a few compound surnames close the list.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.10), ("陈", 4.61), ("杨", 3.22), ("黄", 2.45),
    ("赵", 2.19), ("吴", 2.05), ("周", 1.90), ("徐", 1.67), ("孙", 1.54), ("马", 1.44), ("朱", 1.26),
    ("胡", 1.16), ("郭", 1.13), ("何", 1.06), ("林", 1.01), ("高", 1.00), ("罗", 0.86), ("郑", 0.78),
    ("梁", 0.73), ("谢", 0.67), ("宋", 0.62), ("唐", 0.60), ("许", 0.59), ("韩", 0.58), ("邓", 0.56),
    ("冯", 0.56), ("曹", 0.54), ("彭", 0.53), ("曾", 0.50), ("肖", 0.50), ("田", 0.48), ("董", 0.47),
    ("潘", 0.46), ("袁", 0.44), ("蔡", 0.43), ("蒋", 0.42), ("余", 0.42), ("于", 0.42), ("杜", 0.37),
    ("叶", 0.36), ("程", 0.35), ("魏", 0.34), ("苏", 0.34), ("吕", 0.33), ("丁", 0.31), ("任", 0.30),
    ("卢", 0.30), ("姚", 0.30), ("沈", 0.30), ("钟", 0.29), ("姜", 0.29), ("崔", 0.28), ("谭", 0.28),
    ("陆", 0.28), ("范", 0.27), ("汪", 0.27), ("廖", 0.27), ("石", 0.26), ("金", 0.26), ("韦", 0.25),
    ("贾", 0.25), ("夏", 0.24), ("付", 0.24), ("方", 0.24), ("邹", 0.22), ("熊", 0.22), ("白", 0.22),
    ("孟", 0.21), ("秦", 0.21), ("邱", 0.21), ("侯", 0.20), ("江", 0.20), ("尹", 0.20), ("薛", 0.19),
    ("闫", 0.19), ("段", 0.18), ("雷", 0.18), ("龙", 0.17), ("黎", 0.17), ("史", 0.17), ("陶", 0.17),
    ("贺", 0.16), ("毛", 0.16), ("郝", 0.16), ("顾", 0.16), ("龚", 0.15), ("邵", 0.15), ("万", 0.15),
    ("钱", 0.14), ("严", 0.14), ("赖", 0.14), ("覃", 0.14), ("洪", 0.13), ("武", 0.13), ("莫", 0.12),
    ("孔", 0.12), ("汤", 0.12), ("向", 0.11), ("常", 0.11), ("温", 0.11), ("康", 0.11), ("施", 0.10),
    ("欧阳", 0.04), ("司马", 0.01), ("诸葛", 0.01), ("上官", 0.01),
)  # fmt: skip

# Characters of given names by generation and sex: (first characters, second characters).
# A given name is one character, or two drawn from these pools; tastes change by decade.
_GIVEN: dict[tuple[str, str], tuple[str, str]] = {
    ("before_1950", "male"): ("建国德福金宝永根荣树长庆洪文志振家桂", "生林华明发祥才良成清忠兴昌富贵海山泉"),
    ("before_1950", "female"): ("秀桂玉凤淑素翠金彩美兰月珍春佩惠", "英兰珍芳华凤娣妹琴贞云娥香梅仙"),
    ("1950s_60s", "male"): ("建国志卫红军解新永小跃振立德文国", "华民强军平东明兵林忠伟庆生勇斌荣"),
    ("1950s_60s", "female"): ("秀丽红玉美素凤建桂淑爱小慧翠", "英华兰珍芳红霞萍琴娟梅玲云丽"),
    ("1970s_80s", "male"): ("伟志海建晓俊国永红小文立家", "强军明刚勇杰斌涛磊峰辉平波鹏"),
    ("1970s_80s", "female"): ("丽晓海春红雪美小静慧俊燕亚", "芳娟艳敏丽华燕萍玲霞琳婷君颖"),
    ("1990s_2000s", "male"): ("浩俊子宇思嘉一天博晨鑫文佳", "然杰轩豪宇航博阳涛辰睿鹏哲磊"),
    ("1990s_2000s", "female"): ("雨思梦佳欣诗晓嘉婉丹一若", "涵琪婷怡瑶雯颖洁萱璐晨妍悦"),
    ("since_2005", "male"): ("子浩梓宇俊一奕铭睿博沐皓承", "轩宇然睿泽辰熙宸铭阳航霖翔"),
    ("since_2005", "female"): ("子梓欣雨诗语一可若思佳芷艺", "涵萱怡彤琪瑶桐菲诺汐晴然淇"),
}
_SINGLE_CHARACTER_SHARE = {
    "before_1950": 0.08,
    "1950s_60s": 0.18,
    "1970s_80s": 0.35,
    "1990s_2000s": 0.12,
    "since_2005": 0.06,
}

# Residents of foreign-resident housing who hold no mainland resident ID: given names by sex, family names.
FOREIGN_GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "male": ("David", "Thomas", "Kenji", "Pierre", "Min-jun", "James", "Lucas", "Hans", "Daniel", "Marco", "Oliver",
             "Takeshi", "Ahmed", "Ivan", "Carlos", "Lars"),
    "female": ("Anna", "Yuki", "Sarah", "Marie", "Ji-woo", "Emma", "Sofia", "Laura", "Hana", "Olivia", "Julia",
               "Soo-ah", "Fatima", "Elena", "Ingrid", "Chloé"),
}  # fmt: skip
FOREIGN_FAMILY_NAMES: tuple[str, ...] = (
    "Miller", "Müller", "Sato", "Martin", "Kim", "Wilson", "Fernández", "Becker", "Rossi", "Smith", "Tanaka", "Dubois",
    "Park", "Brown", "García", "Bianchi", "Suzuki", "Taylor", "Weber", "Ito", "Novak", "Hansen", "Lee", "Nguyen",
)  # fmt: skip

ETHNIC_MINORITIES: tuple[str, ...] = ("回族", "满族", "蒙古族", "土家族", "壮族", "朝鲜族", "苗族")

# Mobile prefixes in use by the three carriers (the platform accepts 1[3-9]x).
PHONE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip

# Administrative-division prefixes of ID numbers: the local district (registered households) and
# the provinces migrants most often come from.
LOCAL_REGIONS: tuple[str, ...] = ("310105", "310104", "310106", "310107")
MIGRANT_REGIONS: tuple[str, ...] = (
    "340104", "340321", "320102", "320321", "410102", "411323", "420106", "421281", "510104", "511623",
    "360102", "362201", "430102", "431121", "370102", "371321", "130102", "230103", "500101", "330102",
)  # fmt: skip

DEVELOPER_NAME = "东湖置业有限公司"
PUBLIC_HOUSING_OWNER = "示范区公有住房管理中心"
SOCIAL_ORGANISATIONS: tuple[str, ...] = ("东湖公益服务社", "乐龄互助会", "青苗社工事务所", "邻里调解工作室")
PROPERTY_COMPANIES: tuple[str, ...] = ("绿城物业", "东湖物业", "万科物业", "陆家嘴物业", "永升物业")

# ---------------------------------------------------------------------------------------------
# Layout: districts, streets, communities, compounds


@dataclass(frozen=True, kw_only=True)
class CompoundRecipe:
    """A compound (or a villagers' group) and the shape of its buildings and units."""

    name: str
    compound_type: str
    buildings: int  # 0: the units stand directly in the compound (villagers' groups)
    floors: int
    units_per_floor: int
    area_source: str = "register"  # the usual source of the recorded areas here
    built: int = 2000  # the year the compound was delivered


@dataclass(frozen=True, kw_only=True)
class CommunityRecipe:
    name: str
    code: str
    is_rural: bool
    compounds: tuple[CompoundRecipe, ...]

    @property
    def unit_count(self) -> int:
        return sum(max(1, item.buildings) * item.floors * item.units_per_floor for item in self.compounds)


@dataclass(frozen=True, kw_only=True)
class StreetRecipe:
    name: str
    code: str
    communities: tuple[CommunityRecipe, ...]


@dataclass(frozen=True, kw_only=True)
class DistrictRecipe:
    name: str
    code: str
    streets: tuple[StreetRecipe, ...]


DISTRICT_NAME = "示范区"
DISTRICT_CODE = "310199"
DEMO_STREET_NAME = "东湖街道"


def _group(name: str, households: int) -> CompoundRecipe:
    # A villagers' group: homesteads in rows of ten (recorded as "floors" of the recipe).
    return CompoundRecipe(
        name=name, compound_type="village_group", buildings=0, floors=households // 10 or 1, units_per_floor=10
    )


def _compound(
    name: str, compound_type: str, shape: tuple[int, int, int], built: int, area_source: str = "register"
) -> CompoundRecipe:
    buildings, floors, per_floor = shape
    return CompoundRecipe(
        name=name,
        compound_type=compound_type,
        buildings=buildings,
        floors=floors,
        units_per_floor=per_floor,
        built=built,
        area_source=area_source,
    )


def _village(name: str, code: str, groups: Sequence[tuple[str, int]]) -> CommunityRecipe:
    return CommunityRecipe(
        name=name, code=code, is_rural=True, compounds=tuple(_group(group, size) for group, size in groups)
    )


def street_recipe() -> StreetRecipe:
    """东湖街道: four urban communities with every compound type, and two villages."""
    code = DISTRICT_CODE + "001"
    # shape: (buildings, floors, units per floor)
    urban = (
        ("梅林社区", (
            _compound("梅林新村", "public_housing_sold", (8, 5, 4), 1986),
            _compound("锦绣苑", "commercial", (4, 12, 4), 2012),
        )),
        ("新华社区", (
            _compound("新华里", "old_villa", (12, 3, 2), 1931),
            _compound("华庭公寓", "foreign_resident", (3, 16, 2), 2006),
            _compound("新华一村", "public_housing_sold", (6, 6, 4), 1983),
        )),
        ("和平社区", (
            _compound("和平家园", "resettlement", (6, 11, 4), 2019, "surveyed"),
            _compound("东湖名邸", "commercial", (3, 15, 2), 2024, "contract"),
        )),
        ("春晖社区", (
            _compound("春晖苑", "resettlement", (6, 6, 4), 2004),
            _compound("春晖花园", "commercial", (5, 11, 4), 2008),
        )),
    )  # fmt: skip
    communities = [
        CommunityRecipe(name=name, code=f"{code}{index:03d}", is_rural=False, compounds=compounds)
        for index, (name, compounds) in enumerate(urban, start=1)
    ]
    communities.append(
        _village("桃源村", code + "201", (("一组", 40), ("二组", 30), ("三组", 30), ("四组", 30), ("五组", 30)))
    )
    communities.append(_village("青山村", code + "202", (("一组", 30), ("二组", 30), ("三组", 30), ("四组", 30))))
    return StreetRecipe(name=DEMO_STREET_NAME, code=code, communities=tuple(communities))


def tiny_recipe() -> StreetRecipe:
    """A street small enough for tests: one community with two compound types and one village."""
    code = DISTRICT_CODE + "001"
    community = CommunityRecipe(
        name="梅林社区",
        code=code + "001",
        is_rural=False,
        compounds=(
            _compound("梅林新村", "public_housing_sold", (2, 3, 2), 1986),
            _compound("锦绣苑", "commercial", (2, 4, 2), 2012, "contract"),
        ),
    )
    village = _village("桃源村", code + "201", (("一组", 10), ("二组", 10)))
    return StreetRecipe(name=DEMO_STREET_NAME, code=code, communities=(community, village))


_COMMUNITY_WORDS = (
    "梅林", "新华", "和平", "春晖", "锦江", "长风", "金桥", "仙霞", "虹桥", "古北", "天山", "华阳", "江苏", "新泾",
    "北新", "程桥", "周家", "武夷", "延安", "安顺", "茅台", "天义", "曹家", "愚园", "番禺", "法华", "定西", "镇宁",
    "兴国", "幸福", "友谊", "光明", "团结", "和睦", "育才", "阳光", "春华", "秋实", "锦绣", "明珠", "丽园", "紫藤",
    "枫林", "松园", "竹园", "桂林", "荷花", "玉兰", "海棠", "银杏", "樱花", "百合", "星光", "朝阳", "东明", "西郊",
)  # fmt: skip
_VILLAGE_WORDS = (
    "桃源", "青山", "杨柳", "荷塘", "石桥", "白鹤", "金泾", "梅园", "高桥", "新河", "红星", "向阳", "永丰", "联合",
    "民主", "胜利", "先锋", "东风", "和合", "龙泉", "凤凰", "黄渡", "泗泾", "徐泾", "华新", "重固", "练塘", "赵巷",
)  # fmt: skip
_STREET_NAMES = (
    "东湖街道", "新华路街道", "江苏路街道", "华阳路街道", "周家桥街道", "天山路街道", "仙霞新村街道", "虹桥街道",
    "程家桥街道", "北新泾街道", "新泾镇", "华漕镇",
)  # fmt: skip
_COMPOUND_SUFFIXES = {
    "public_housing_sold": ("新村", "一村", "二村", "小区", "坊"),
    "commercial": ("花园", "苑", "名邸", "公寓", "雅苑", "华庭"),
    "foreign_resident": ("国际公寓", "御庭", "外滩公馆", "湾"),
    "old_villa": ("里", "别墅", "新邨"),
    "resettlement": ("家园", "佳苑", "新苑", "嘉园"),
}
_COMPOUND_SHAPES: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    # type: (buildings range, floors range, units per floor range, built year range)
    "public_housing_sold": ((8, 20), (5, 7), (4, 6), (1978, 1996)),
    "commercial": ((6, 16), (11, 28), (2, 4), (1998, 2022)),
    "foreign_resident": ((3, 8), (18, 32), (2, 3), (1996, 2012)),
    "old_villa": ((10, 30), (2, 3), (2, 4), (1912, 1948)),
    "resettlement": ((8, 18), (6, 18), (4, 6), (1995, 2021)),
}
_URBAN_MIX: tuple[tuple[str, int], ...] = (
    ("public_housing_sold", 34),
    ("commercial", 34),
    ("resettlement", 18),
    ("old_villa", 7),
    ("foreign_resident", 7),
)


def district_recipe(
    rng: random.Random, *, streets: int = 12, communities: int = 200, units: int = 215_000
) -> DistrictRecipe:
    """A whole district: `streets` streets (the last two are towns with villages), about `communities`
    communities and about `units` dwelling units, in compounds of every type."""
    if streets > len(_STREET_NAMES):
        raise ValueError(f"At most {len(_STREET_NAMES)} streets.")
    per_street = [communities // streets + (1 if index < communities % streets else 0) for index in range(streets)]
    units_per_community = units // communities
    street_list: list[StreetRecipe] = []
    for street_index in range(streets):
        street_code = f"{DISTRICT_CODE}{street_index + 1:03d}"
        is_town = street_index >= streets - 2
        count = per_street[street_index]
        if count > len(_VILLAGE_WORDS):
            raise ValueError("Too many communities per street for the lists of names.")
        names = rng.sample(_COMMUNITY_WORDS, k=count)
        village_names = rng.sample(_VILLAGE_WORDS, k=count)
        community_list: list[CommunityRecipe] = []
        for index in range(count):
            if is_town and index % 2 == 1:
                households = max(120, int(units_per_community * rng.uniform(0.35, 0.6)))
                groups = max(3, households // 60)
                community_list.append(
                    _village(
                        f"{village_names[index]}村",
                        f"{street_code}{200 + index:03d}",
                        [(_chinese_ordinal(number) + "组", households // groups) for number in range(1, groups + 1)],
                    )
                )
                continue
            target = int(units_per_community * rng.uniform(0.7, 1.3))
            community_list.append(
                CommunityRecipe(
                    name=f"{names[index]}社区",
                    code=f"{street_code}{index + 1:03d}",
                    is_rural=False,
                    compounds=_urban_compounds(rng, word=names[index], target_units=target),
                )
            )
        street_list.append(
            StreetRecipe(
                name=_STREET_NAMES[street_index],
                code=street_code,
                communities=tuple(community_list),
            )
        )
    return DistrictRecipe(name=DISTRICT_NAME, code=DISTRICT_CODE, streets=tuple(street_list))


def _urban_compounds(rng: random.Random, *, word: str, target_units: int) -> tuple[CompoundRecipe, ...]:
    compounds: list[CompoundRecipe] = []
    total = 0
    used_names: list[str] = []
    while total < target_units:
        compound_type = rng.choices([item[0] for item in _URBAN_MIX], weights=[item[1] for item in _URBAN_MIX])[0]
        buildings_range, floors_range, per_floor_range, built_range = _COMPOUND_SHAPES[compound_type]
        buildings = rng.randint(*buildings_range)
        floors = rng.randint(*floors_range)
        per_floor = rng.randint(*per_floor_range)
        base = word + rng.choice(_COMPOUND_SUFFIXES[compound_type])
        name, phase = base, 1
        while name in used_names:
            phase += 1
            name = f"{base}{_chinese_ordinal(phase)}期"
        used_names.append(name)
        built = rng.randint(*built_range)
        source = "register"
        if compound_type == "resettlement" and built >= 2018:
            source = "surveyed"
        elif compound_type == "commercial" and built >= 2021:
            source = "contract"
        compounds.append(
            CompoundRecipe(
                name=name,
                compound_type=compound_type,
                buildings=buildings,
                floors=floors,
                units_per_floor=per_floor,
                area_source=source,
                built=built,
            )
        )
        total += buildings * floors * per_floor
    return tuple(compounds)


def _chinese_ordinal(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")


# ---------------------------------------------------------------------------------------------
# Buildings and units


@dataclass(frozen=True, kw_only=True)
class UnitDraft:
    name: str
    area: Decimal
    area_source: str


@dataclass(frozen=True, kw_only=True)
class BuildingDraft:
    name: str
    units: tuple[UnitDraft, ...]


# Exclusive areas by compound type (m²): small flats in public housing, large ones for foreigners.
AREA_RANGES: dict[str, tuple[int, int]] = {
    "public_housing_sold": (35, 75),
    "commercial": (68, 160),
    "foreign_resident": (110, 180),
    "old_villa": (40, 130),
    "resettlement": (45, 95),
    "village_group": (100, 180),
}


def _area(rng: random.Random, compound_type: str) -> Decimal:
    low, high = AREA_RANGES[compound_type]
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(Decimal("0.01"))


def buildings_of(rng: random.Random, recipe: CompoundRecipe) -> tuple[BuildingDraft, ...]:
    """The buildings and units of a compound; flats above each other share a layout and an area."""
    if recipe.buildings == 0:
        # A villagers' group: numbered homesteads, each its own area.
        count = recipe.floors * recipe.units_per_floor
        homes = tuple(
            UnitDraft(
                name=f"{number}号",
                area=_area(rng, recipe.compound_type),
                area_source=rng.choices(["register", "surveyed"], weights=[8, 2])[0],
            )
            for number in range(1, count + 1)
        )
        return (BuildingDraft(name="", units=homes),)
    buildings: list[BuildingDraft] = []
    for number in range(1, recipe.buildings + 1):
        layouts = [_area(rng, recipe.compound_type) for _ in range(recipe.units_per_floor)]
        units: list[UnitDraft] = []
        for floor in range(1, recipe.floors + 1):
            for room in range(1, recipe.units_per_floor + 1):
                source = recipe.area_source
                if source == "contract" and rng.random() < 0.4:
                    source = "surveyed"  # some units surveyed since delivery, the rest still on contract
                elif source == "register" and rng.random() < 0.03:
                    source = "surveyed"  # a few not yet registered (YZ-6: the survey stands in)
                units.append(UnitDraft(name=f"{floor}{room:02d}", area=layouts[room - 1], area_source=source))
        if recipe.compound_type == "commercial":
            label = f"{number}号楼"
        elif recipe.compound_type == "foreign_resident" and number <= 26:
            label = f"{chr(ord('A') + number - 1)}座"
        else:
            label = f"{number}号"
        buildings.append(BuildingDraft(name=label, units=tuple(units)))
    return tuple(buildings)


# ---------------------------------------------------------------------------------------------
# People


@dataclass(kw_only=True)
class PersonDraft:
    """A person to be written: plain values; the loader encrypts phone and ID number."""

    name: str
    sex: str
    birth_date: datetime.date
    residence_status: str = "registered"
    resident_since: datetime.date | None = None
    ethnicity: str = "汉族"
    phone: str = ""
    id_number: str = ""
    is_foreign: bool = False
    tags: set[str] = field(default_factory=set)

    def age(self, on: datetime.date = REFERENCE_DAY) -> int:
        years = on.year - self.birth_date.year
        return years - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


def _cohort(birth_year: int) -> str:
    if birth_year < 1950:
        return "before_1950"
    if birth_year < 1970:
        return "1950s_60s"
    if birth_year < 1990:
        return "1970s_80s"
    if birth_year < 2005:
        return "1990s_2000s"
    return "since_2005"


class Identities:
    """Draws names, unique phone numbers and unique, valid ID numbers from one seeded generator."""

    def __init__(self, rng: random.Random, *, taken_phones: Sequence[str] = ()) -> None:
        self.rng = rng
        self._phones: set[str] = set(taken_phones)
        self._id_numbers: set[str] = set()
        self._surnames = [item[0] for item in SURNAMES]
        self._cumulative = list(itertools.accumulate(item[1] for item in SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._cumulative)[0]

    def given_name(self, *, sex: str, birth_year: int) -> str:
        cohort = _cohort(birth_year)
        firsts, seconds = _GIVEN[(cohort, "female" if sex == "female" else "male")]
        if self.rng.random() < _SINGLE_CHARACTER_SHARE[cohort]:
            return self.rng.choice(seconds)
        first = self.rng.choice(firsts)
        second = self.rng.choice(seconds)
        if second == first:
            second = self.rng.choice(seconds)
        return first + second

    def name(self, *, sex: str, birth_year: int, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given_name(sex=sex, birth_year=birth_year)

    def phone(self) -> str:
        """A mobile number no one else in the demo has."""
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def reserve_phone(self, number: str) -> None:
        self._phones.add(number)

    def id_number(self, *, birth_date: datetime.date, sex: str, region: str) -> str:
        """An 18-character resident ID: region, birth date, sequence (odd for men), check digit."""
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if sex == "male" else 0)
            number = with_check_digit(f"{region}{birth_date:%Y%m%d}{sequence:03d}")
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return number

    def birth_date(self, age: int, on: datetime.date = REFERENCE_DAY) -> datetime.date:
        """A birth date of someone who is `age` years old on `on`."""
        latest = on.replace(year=on.year - age) if not (on.month == 2 and on.day == 29) else on - datetime.timedelta(1)
        return latest - datetime.timedelta(days=self.rng.randrange(365))

    def person(
        self,
        *,
        age: int,
        sex: str,
        status: str,
        since: datetime.date | None,
        surname: str | None = None,
        local: bool = True,
        rural: bool = False,
    ) -> PersonDraft:
        birth = self.birth_date(age)
        draft = PersonDraft(
            name=self.name(sex=sex, birth_year=birth.year, surname=surname),
            sex=sex,
            birth_date=birth,
            residence_status=status,
            resident_since=max(since, birth) if since else birth,
        )
        if self.rng.random() < (0.04 if rural else 0.015):
            draft.ethnicity = self.rng.choice(ETHNIC_MINORITIES)
        if age >= 16:
            region = self.rng.choice(LOCAL_REGIONS if local else MIGRANT_REGIONS)
            draft.id_number = self.id_number(birth_date=birth, sex=sex, region=region)
        # Phones: nearly every working-age adult, half of those over 75, no children.
        chance = 0.0 if age < 16 else 0.96 if age < 65 else 0.8 if age < 75 else 0.5
        if self.rng.random() < chance:
            draft.phone = self.phone()
        return draft

    def foreigner(self, *, age: int, sex: str, since: datetime.date, family: str | None = None) -> PersonDraft:
        birth = self.birth_date(age)
        family = family or self.rng.choice(FOREIGN_FAMILY_NAMES)
        draft = PersonDraft(
            name=f"{self.rng.choice(FOREIGN_GIVEN_NAMES['female' if sex == 'female' else 'male'])} {family}",
            sex=sex,
            birth_date=birth,
            residence_status="long_term" if (REFERENCE_DAY - since).days >= 365 else "migrant",
            resident_since=since,
            ethnicity="",
            is_foreign=True,
        )
        if age >= 16:
            draft.phone = self.phone()
        return draft


def _other_sex(sex: str) -> str:
    return "male" if sex == "female" else "female"


def _years_ago(rng: random.Random, low: int, high: int) -> datetime.date:
    return REFERENCE_DAY - datetime.timedelta(days=rng.randint(low * 365, high * 365))


# Who lives in owner-occupied homes, by kind of household (weights per compound type).
_OWNER_HOUSEHOLDS: dict[str, tuple[tuple[str, int], ...]] = {
    "urban_old": (
        ("single_elder", 18), ("elder_couple", 30), ("couple_child", 10), ("three_generations", 14),
        ("couple_adult_child", 16), ("single_adult", 6), ("young_couple", 6),
    ),
    "urban_new": (
        ("single_elder", 8), ("elder_couple", 18), ("couple_child", 24), ("three_generations", 18),
        ("couple_adult_child", 14), ("single_adult", 8), ("young_couple", 10),
    ),
    "rural": (
        ("single_elder", 14), ("elder_couple", 26), ("couple_child", 8), ("three_generations", 30),
        ("couple_adult_child", 18), ("single_adult", 4),
    ),
}  # fmt: skip
_TENANT_HOUSEHOLDS: tuple[tuple[str, int], ...] = (
    ("migrant_single", 30),
    ("migrant_couple", 28),
    ("migrant_family", 27),
    ("long_term_family", 15),
)


def household_kind(rng: random.Random, *, compound_type: str, tenant: bool) -> str:
    """Who lives in a unit: foreigners, migrants or long-term tenants in let units, families in owned ones."""
    if tenant:
        if compound_type == "foreign_resident" and rng.random() < 0.6:
            return "foreign"
        return weighted(rng, _TENANT_HOUSEHOLDS)
    if compound_type == "village_group":
        return weighted(rng, _OWNER_HOUSEHOLDS["rural"])
    if compound_type in {"public_housing_sold", "old_villa"}:
        return weighted(rng, _OWNER_HOUSEHOLDS["urban_old"])
    return weighted(rng, _OWNER_HOUSEHOLDS["urban_new"])


def draft_household(ids: Identities, *, kind: str, compound_type: str, built: int) -> list[PersonDraft]:
    """The members of one household, the representative first."""
    rng = ids.rng
    rural = compound_type == "village_group"
    old_stock = compound_type in {"public_housing_sold", "old_villa"}
    if kind == "foreign":
        since = _years_ago(rng, 0, 8)
        first_sex = rng.choice(["male", "female"])
        members = [ids.foreigner(age=rng.randint(28, 58), sex=first_sex, since=since)]
        if rng.random() < 0.7:
            members.append(
                ids.foreigner(age=members[0].age() + rng.randint(-5, 5), sex=_other_sex(first_sex), since=since)
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            members.append(ids.foreigner(age=rng.randint(3, 17), sex=rng.choice(["male", "female"]), since=since))
        return members
    if kind.startswith("migrant") or kind == "long_term_family":
        status = "long_term" if kind == "long_term_family" else rng.choice(["migrant", "migrant", "long_term"])
        since = (
            _years_ago(rng, 1, 9) if status == "long_term" else REFERENCE_DAY - datetime.timedelta(rng.randint(20, 360))
        )
        first_sex = rng.choice(["male", "female"])
        head_age = rng.randint(20, 42) if kind != "long_term_family" else rng.randint(30, 55)
        head = ids.person(age=head_age, sex=first_sex, status=status, since=since, local=False)
        members = [head]
        if kind != "migrant_single":
            members.append(
                ids.person(
                    age=max(19, head_age + rng.randint(-4, 4)),
                    sex=_other_sex(first_sex),
                    status=status,
                    since=since,
                    local=False,
                )
            )
        if kind in {"migrant_family", "long_term_family"}:
            surname = head.name[0] if first_sex == "male" else members[1].name[0]
            for _ in range(rng.choice([1, 1, 2])):
                child_age = rng.randint(0, max(0, min(17, head_age - 20)))
                members.append(
                    ids.person(
                        age=child_age,
                        sex=rng.choice(["male", "female"]),
                        status=status,
                        since=since,
                        surname=surname,
                        local=False,
                    )
                )
        return members
    # Owner-occupiers.
    if rural:
        status = "registered"
        since_low, since_high = 20, 60
    elif old_stock:
        status = "registered"
        since_low, since_high = 10, 40
    else:
        status = "registered" if rng.random() < 0.72 else "long_term"
        since_low, since_high = 1, max(1, REFERENCE_DAY.year - built)
    since = _years_ago(rng, since_low, since_high)
    first_sex = rng.choice(["male", "male", "female"])

    def adult(age: int, sex: str, surname: str | None = None) -> PersonDraft:
        return ids.person(age=age, sex=sex, status=status, since=since, surname=surname, rural=rural)

    if kind == "single_elder":
        # Widowed elders are more often women.
        return [adult(rng.randint(66, 96), rng.choices(["female", "male"], weights=[65, 35])[0])]
    if kind == "elder_couple":
        head_age = rng.randint(61, 90)
        head = adult(head_age, first_sex)
        return [head, adult(max(58, head_age + rng.randint(-6, 4)), _other_sex(first_sex))]
    if kind == "single_adult":
        return [adult(rng.randint(24, 58), rng.choice(["male", "female"]))]
    if kind == "young_couple":
        head_age = rng.randint(25, 38)
        head = adult(head_age, first_sex)
        return [head, adult(max(22, head_age + rng.randint(-4, 3)), _other_sex(first_sex))]
    if kind == "couple_child":
        head_age = rng.randint(30, 50)
        head = adult(head_age, first_sex)
        spouse = adult(max(25, head_age + rng.randint(-5, 3)), _other_sex(first_sex))
        surname = (head if first_sex == "male" else spouse).name[0]
        children = [
            adult(rng.randint(0, min(17, head_age - 24)), rng.choice(["male", "female"]), surname)
            for _ in range(rng.choice([1, 1, 1, 2]))
        ]
        return [head, spouse, *children]
    if kind == "couple_adult_child":
        head_age = rng.randint(48, 68)
        head = adult(head_age, first_sex)
        spouse = adult(max(44, head_age + rng.randint(-5, 3)), _other_sex(first_sex))
        surname = (head if first_sex == "male" else spouse).name[0]
        return [head, spouse, adult(rng.randint(18, head_age - 24), rng.choice(["male", "female"]), surname)]
    # three generations: the middle generation represents the household
    parent_age = rng.randint(34, 52)
    head = adult(parent_age, first_sex)
    spouse = adult(max(28, parent_age + rng.randint(-5, 3)), _other_sex(first_sex))
    surname = (head if first_sex == "male" else spouse).name[0]
    grandparents = [adult(rng.randint(parent_age + 22, min(95, parent_age + 34)), "female", None)]
    if rng.random() < 0.55:
        grandparents.append(adult(grandparents[0].age() + rng.randint(0, 5), "male", surname))
    children = [
        adult(rng.randint(0, min(17, parent_age - 24)), rng.choice(["male", "female"]), surname)
        for _ in range(rng.choice([1, 1, 2]))
    ]
    return [head, spouse, *grandparents, *children]


_OCCUPANCY: dict[str, tuple[tuple[str, int], ...]] = {
    "public_housing_sold": (("owner", 82), ("rented", 8), ("public_rental", 6), ("vacant", 4)),
    "commercial": (("owner", 70), ("rented", 17), ("vacant", 9), ("developer", 4)),
    "foreign_resident": (("owner", 38), ("rented", 45), ("vacant", 11), ("developer", 6)),
    "old_villa": (("public_rental", 55), ("owner", 35), ("rented", 6), ("vacant", 4)),
    "resettlement": (("owner", 80), ("rented", 14), ("vacant", 6)),
    "village_group": (("owner", 92), ("rented", 3), ("vacant", 5)),
}


def weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    """One name from a table of (name, weight)."""
    return rng.choices([item[0] for item in table], weights=[item[1] for item in table])[0]


def occupancy(rng: random.Random, compound_type: str) -> str:
    """What a unit is: "owner" (occupied by its owners), "rented", "vacant", "developer" (unsold)
    or "public_rental" (owned by the housing authority, let to its tenants)."""
    return weighted(rng, _OCCUPANCY[compound_type])


def iter_units(buildings: Sequence[BuildingDraft]) -> Iterator[tuple[int, UnitDraft]]:
    """(building index, unit) for every unit of a compound."""
    for index, building in enumerate(buildings):
        for unit in building.units:
            yield index, unit
