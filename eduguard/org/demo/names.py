"""Chinese names, phones and addresses for the demo county, drawn from one seeded random generator.

Surnames (with their frequencies) and the older-style given names come from Faker's `zh_CN` person
provider; children get the two-character given names common for births after 2000. Street names
are a pool generated once by a seeded Faker. Everything is drawn from `random.Random(seed)`, so the
same seed gives the same county.
"""

import random
from itertools import accumulate

from faker import Faker

# Given-name characters popular for children born 2002–2016: first + second character.
BOY_FIRST = "子浩宇梓俊博天明嘉泽家昊晨雨一思文志鑫新佳永宏建凯瑞锦振恒金"
BOY_SECOND = "轩然航睿杰文宇豪鸣远佑哲阳泽墨辰博涵铭硕宁凯鹏飞林森磊洋帆峰"
GIRL_FIRST = "欣梓诗雨可思紫佳梦若一语晓心子馨美婉雅静慧玉春丹淑秋金书依"
GIRL_SECOND = "怡涵桐馨琪萱瑶曦诺嫣欣妍月彤雪婷琳悦然菲璐洁萌丽娜颖媛蕊晴茜"
# Second characters for adults' two-character names (older style).
ADULT_MALE_SECOND = "国军明华林刚平志建春德海东峰伟宝玉成福生山江庆"
ADULT_FEMALE_SECOND = "华英兰芳玲霞红梅艳丽娟秀凤琴敏燕杰云萍珍"

MOBILE_PREFIXES = tuple(
    str(p) for p in (*range(130, 140), 150, 151, 152, *range(155, 160), 176, 177, 178, *range(180, 190), 198)
)


class NameMaker:
    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        faker = Faker("zh_CN")
        faker.seed_instance(seed)
        person = faker.provider("faker.providers.person")
        self.surnames = list(person.last_names)
        self.surname_cum = list(accumulate(person.last_names.values()))
        self.male_given = list(person.first_names_male)
        self.female_given = list(person.first_names_female)
        self.streets = sorted({faker.street_name() for _ in range(400)})
        self.phones: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.surname_cum)[0]

    def child_given(self, male: bool) -> str:
        rng = self.rng
        if rng.random() < 0.15:  # a one-character name
            return rng.choice(BOY_SECOND if male else GIRL_SECOND)
        if male:
            return rng.choice(BOY_FIRST) + rng.choice(BOY_SECOND)
        return rng.choice(GIRL_FIRST) + rng.choice(GIRL_SECOND)

    def adult_given(self, male: bool) -> str:
        rng = self.rng
        pool = self.male_given if male else self.female_given
        if rng.random() < 0.55:
            return rng.choice(pool)
        first = rng.choice(pool)[0]
        return first + rng.choice(ADULT_MALE_SECOND if male else ADULT_FEMALE_SECOND)

    def adult(self, male: bool, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.adult_given(male)

    def mobile(self) -> str:
        """A new mainland mobile in its stored form (+86…), unique within this generator."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return "+86" + number

    def address(self, prefix: str, township: str, villages: tuple[str, ...]) -> str:
        rng = self.rng
        if villages:
            return f"{prefix}{township}{rng.choice(villages)}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
        return (
            f"{prefix}{township}{rng.choice(self.streets)}{rng.randint(1, 300)}号"
            f"{rng.randint(1, 12)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
        )
