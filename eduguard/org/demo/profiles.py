"""Demo county profiles: the fixed facts a synthetic county is generated from.

`benxi-2020` reproduces the figures of the two seed documents (domain.md §9): 本溪县 (GB/T 2260
210521) with 28 schools, 18,657 students and 2,555 teaching and other staff including the bureau's
own (局机关), plus 291 temporary workers (2,846 staff in all); 25 schools with a middle-school
section open in the first batch ("第一批开学的25所中学"), the other three in the second.

School names are invented for the demo; townships are real towns of 本溪满族自治县.
"""

from dataclasses import dataclass, field

from eduguard.org.choices import SchoolType


@dataclass(frozen=True)
class SchoolSpec:
    number: int  # the school code is the county code + this number on 4 digits
    name: str
    type: str
    township: str
    grid: str  # grid code
    boarding: bool
    approx_students: int  # scaled so that the county total is exact
    urban: bool = False


@dataclass(frozen=True)
class Profile:
    key: str
    county_code: str
    county_name: str
    bureau_name: str
    address_prefix: str
    students: int
    staff: int  # teaching and other staff, the bureau's own included
    bureau_staff: int  # of `staff`: people of the bureau (局机关), who have no school
    temporary: int  # temporary workers (临时工), on top of `staff`
    grids: tuple[tuple[str, str], ...]
    schools: tuple[SchoolSpec, ...]
    # Township → village names for rural addresses; urban townships use street names instead.
    townships: dict[str, tuple[str, ...]] = field(default_factory=dict)
    urban_townships: tuple[str, ...] = ()
    # Address codes of people registered outside the county, with weights (the county's own is the rest).
    other_area_codes: tuple[tuple[str, int], ...] = ()
    # The school the demo principal, head teacher, doctor… work at (by number).
    demo_school: int = 1


# Grades of each school type: (name, level). Level orders grades across types (1 = 一年级, 10 = 高一).
_CN = "一二三四五六七八九"
GRADES = {
    SchoolType.HIGH: (("高一", 10), ("高二", 11), ("高三", 12)),
    SchoolType.JUNIOR: tuple((f"{_CN[i - 1]}年级", i) for i in (7, 8, 9)),
    SchoolType.NINE_YEAR: tuple((f"{_CN[i - 1]}年级", i) for i in range(1, 10)),
    SchoolType.PRIMARY: tuple((f"{_CN[i - 1]}年级", i) for i in range(1, 7)),
    SchoolType.TEACHING_POINT: tuple((f"{_CN[i - 1]}年级", i) for i in range(1, 4)),
}

# Class sizes: (smallest, largest, usual). A 教学点 (village teaching point) has small classes.
CLASS_SIZE = {"default": (25, 50, 44), SchoolType.TEACHING_POINT: (5, 25, 14)}

# Share of a boarding school's students who board, by school type (only grades 7 and up board).
BOARDER_SHARE = {SchoolType.HIGH: 0.75, SchoolType.JUNIOR: 0.6, SchoolType.NINE_YEAR: 0.5}
BOARDING_FROM_LEVEL = 7
DORM_CAPACITY = 8

# Middle-school sections (初中/高中) open in the first batch; the rest in the second.
BATCH_ONE_TYPES = frozenset({SchoolType.HIGH, SchoolType.JUNIOR, SchoolType.NINE_YEAR})

H, J, N, P, T = (
    SchoolType.HIGH,
    SchoolType.JUNIOR,
    SchoolType.NINE_YEAR,
    SchoolType.PRIMARY,
    SchoolType.TEACHING_POINT,
)

BENXI_2020 = Profile(
    key="benxi-2020",
    county_code="210521",
    county_name="本溪县",
    bureau_name="本溪县教育局",
    address_prefix="辽宁省本溪市本溪满族自治县",
    students=18_657,
    staff=2_555,
    bureau_staff=60,
    temporary=291,
    grids=(
        ("G1", "第一网格（城区片）"),
        ("G2", "第二网格（北部片）"),
        ("G3", "第三网格（东部片）"),
        ("G4", "第四网格（南部片）"),
    ),
    schools=(
        SchoolSpec(1, "本溪县高级中学", H, "小市镇", "G1", True, 2400, urban=True),
        SchoolSpec(2, "本溪县民族高级中学", H, "小市镇", "G1", True, 1300, urban=True),
        SchoolSpec(3, "本溪县第一初级中学", J, "小市镇", "G1", True, 1500, urban=True),
        SchoolSpec(4, "本溪县第二初级中学", J, "观音阁街道", "G1", False, 1150, urban=True),
        SchoolSpec(5, "本溪县实验小学", P, "小市镇", "G1", False, 2000, urban=True),
        SchoolSpec(6, "小市镇中心小学", P, "小市镇", "G1", False, 1400, urban=True),
        SchoolSpec(7, "观音阁学校", N, "观音阁街道", "G1", False, 650, urban=True),
        SchoolSpec(8, "清河城镇中学", J, "清河城镇", "G2", True, 380),
        SchoolSpec(9, "清河城镇台后学校", N, "清河城镇", "G2", False, 330),
        SchoolSpec(10, "高官镇中学", J, "高官镇", "G2", True, 420),
        SchoolSpec(11, "高官镇松树台学校", N, "高官镇", "G2", True, 360),
        SchoolSpec(12, "高官镇三合学校", N, "高官镇", "G2", False, 320),
        SchoolSpec(13, "南甸镇中学", J, "南甸镇", "G2", True, 400),
        SchoolSpec(14, "南甸学校", N, "南甸镇", "G2", False, 520),
        SchoolSpec(15, "碱厂镇中学", J, "碱厂镇", "G3", True, 450),
        SchoolSpec(16, "碱厂学校", N, "碱厂镇", "G3", False, 560),
        SchoolSpec(17, "草河掌学校", N, "草河掌镇", "G3", True, 430),
        SchoolSpec(18, "草河掌镇套峪学校", N, "草河掌镇", "G3", False, 300),
        SchoolSpec(19, "东营坊学校", N, "东营坊乡", "G3", True, 380),
        SchoolSpec(20, "东营坊乡洋湖沟教学点", T, "东营坊乡", "G3", False, 40),
        SchoolSpec(21, "田师付镇中学", J, "田师付镇", "G3", True, 480),
        SchoolSpec(22, "田师付学校", N, "田师付镇", "G3", False, 600),
        SchoolSpec(23, "草河口镇中学", J, "草河口镇", "G4", True, 460),
        SchoolSpec(24, "草河口学校", N, "草河口镇", "G4", False, 560),
        SchoolSpec(25, "草河城学校", N, "草河城镇", "G4", True, 420),
        SchoolSpec(26, "连山关镇中学", J, "连山关镇", "G4", True, 400),
        SchoolSpec(27, "连山关学校", N, "连山关镇", "G4", True, 450),
        SchoolSpec(28, "草河城镇南台学校", N, "草河城镇", "G4", False, 330),
    ),
    townships={
        "小市镇": (),
        "观音阁街道": (),
        "清河城镇": ("清河城村", "台后村", "城西村", "东营村", "大堡村"),
        "高官镇": ("松树台村", "三合村", "红光村", "高官村", "英守村"),
        "南甸镇": ("南甸村", "滴塔村", "马城子村", "洋河村"),
        "碱厂镇": ("碱厂村", "胡家堡村", "黄家堡村", "大甸子村", "庙后村"),
        "草河掌镇": ("套峪村", "崔坊村", "瓦房村", "草河掌村"),
        "东营坊乡": ("东营坊村", "洋湖沟村", "红土甸村", "新立屯村"),
        "田师付镇": ("田师付村", "大堡村", "南沟村", "岔路子村"),
        "草河口镇": ("草河口村", "祁家堡村", "孟家堡村", "马家堡村"),
        "草河城镇": ("草河城村", "南台村", "西营村", "三道河村"),
        "连山关镇": ("连山关村", "甸子村", "摩天岭村", "大堡村"),
    },
    urban_townships=("小市镇", "观音阁街道"),
    other_area_codes=(
        ("210502", 4),  # 本溪市平山区
        ("210503", 2),  # 本溪市溪湖区
        ("210504", 2),  # 本溪市明山区
        ("210505", 1),  # 本溪市南芬区
        ("210522", 2),  # 桓仁满族自治县
        ("210602", 1),  # 丹东市元宝区
        ("210124", 1),  # 沈阳市法库县
    ),
    demo_school=3,
)

PROFILES = {BENXI_2020.key: BENXI_2020}
