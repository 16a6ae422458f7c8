"""A synthetic Belgian population: households at shared addresses, valid NISS and BIS numbers,
names with Belgium's mix of origins. Deterministic for a given seed."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import accumulate

from primaweb.addresses import PostalAddress
from registry.bulk.records import HouseholdRecord, PersonRecord
from registry.models import CivilStatus, HouseholdRole, Register
from registry.niss import niss_check_digits
from registry.population import names

# (postal code, locality, language area, weight): the demo CPAS municipalities.
LOCALITIES = [
    ("3717", "Herstappe", "FL", 1),
    ("4367", "Crisnée", "WA", 1),
    ("4000", "Liège", "WA", 30),
    ("4020", "Liège", "WA", 12),
    ("4030", "Grivegnée", "WA", 8),
    ("4031", "Angleur", "WA", 5),
    ("9000", "Gent", "FL", 35),
    ("9030", "Mariakerke", "FL", 6),
    ("9040", "Sint-Amandsberg", "FL", 8),
    ("9050", "Gentbrugge", "FL", 6),
    ("4700", "Eupen", "DE", 6),
    ("1040", "Etterbeek", "WA", 15),
]
# (origin group, share of the population, country, nationality)
GROUPS = [
    ("FL", 50.0, "Belgique", "Belge"),
    ("WA", 29.0, "Belgique", "Belge"),
    ("DE", 1.5, "Belgique", "Belge"),
    ("MA", 5.0, "Maroc", "Marocaine"),
    ("IT", 3.0, "Italie", "Italienne"),
    ("TR", 2.3, "Turquie", "Turque"),
    ("CD", 1.5, "République démocratique du Congo", "Congolaise"),
    ("PL", 1.0, "Pologne", "Polonaise"),
    ("RO", 1.0, "Roumanie", "Roumaine"),
    ("ES", 0.8, "Espagne", "Espagnole"),
    ("PT", 0.7, "Portugal", "Portugaise"),
]
BIRTH_PLACES = {
    "FL": ["Gent", "Antwerpen", "Leuven", "Hasselt", "Brugge", "Sint-Truiden", "Aalst"],
    "WA": ["Liège", "Namur", "Charleroi", "Verviers", "Etterbeek", "Mons", "Huy"],
    "DE": ["Eupen", "Sankt Vith", "Kelmis", "Aachen"],
}


def zipf_weights(count: int, exponent: float = 0.9) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


GIVEN_NAME_COUNTS = (1, 2, 3)
GIVEN_NAME_COUNT_WEIGHTS = list(accumulate((45, 40, 15)))
GROUP_CODES = [g[0] for g in GROUPS]
GROUP_BY_CODE = {g[0]: g for g in GROUPS}


def pick(rnd: random.Random, population: Sequence, cum_weights: Sequence[float]):
    """`rnd.choices(population, cum_weights=cum_weights)[0]`, same draw, without building a
    list: generating a million persons makes millions of these draws."""
    return population[bisect(cum_weights, rnd.random() * cum_weights[-1], 0, len(population) - 1)]


class PopulationGenerator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)  # noqa: S311 - reproducible synthetic data, no secret
        self.serials: dict[tuple[str, int], int] = {}
        self.streets = {
            area: [s.strip() for s in text.replace("\n", "|").split("|") if s.strip()]
            if "|" in text
            else text.split()
            for area, text in names.STREETS.items()
        }
        self.locality_weights = list(accumulate(w for *_rest, w in LOCALITIES))
        self.group_weights = list(accumulate(share for _g, share, _c, _n in GROUPS))
        self.surnames: dict[str, list[str]] = {
            "FL": self._split_names(names.FLEMISH_SURNAMES),
            "WA": self._split_names(names.WALLOON_SURNAMES),
            "DE": self._split_names(names.GERMAN_SURNAMES),
        }
        for group, text in names.IMMIGRANT_SURNAMES.items():
            self.surnames[group] = self._split_names(text)
        self.surname_weights = {
            g: zipf_weights(len(v), 0.7 if g in ("FL", "WA") else 0.4)
            for g, v in self.surnames.items()
        }
        self.long_tail = {
            "FL": self._syllable_pool(
                names.FLEMISH_ONSETS, names.FLEMISH_NUCLEI, names.FLEMISH_CODAS
            ),
            "WA": self._syllable_pool(
                names.WALLOON_ONSETS, names.WALLOON_NUCLEI, names.WALLOON_CODAS
            ),
        }
        self.long_tail_weights = {g: zipf_weights(len(v), 0.6) for g, v in self.long_tail.items()}
        self.first_names = {
            group: {sex: text.split() for sex, text in by_sex.items()}
            for group, by_sex in names.FIRST_NAMES.items()
        }
        self.first_name_weights = {
            group: {sex: zipf_weights(len(v), 0.7) for sex, v in by_sex.items()}
            for group, by_sex in self.first_names.items()
        }
        self.today = date.today()

    @staticmethod
    def _syllable_pool(onsets: list[str], nuclei: list[str], codas: list[str]) -> list[str]:
        pool = sorted({o + n + c for o in onsets for n in nuclei for c in codas})
        random.Random(0).shuffle(pool)  # noqa: S311 - a fixed frequency order, whatever the seed
        return pool

    @staticmethod
    def _split_names(text: str) -> list[str]:
        """Particles stay with the name they belong to: `Van den Broeck`, `El Amrani`."""
        particles = {"Van", "De", "de", "den", "der", "Op", "El", "Di", "Le", "La"}
        result: list[str] = []
        pending: list[str] = []
        for word in text.split():
            pending.append(word)
            if word not in particles:
                result.append(" ".join(pending))
                pending = []
        return result

    # --- names --------------------------------------------------------------------------

    def surname(self, group: str) -> str:
        rnd = self.random
        draw = rnd.random()
        if group in self.long_tail and draw < 0.55:
            return pick(rnd, self.long_tail[group], self.long_tail_weights[group])
        if group == "FL" and draw < 0.75:
            prefix = rnd.choice(names.FLEMISH_PREFIXES)
            root = rnd.choice(names.FLEMISH_ROOTS)
            root = root if prefix.endswith(" ") or not prefix else root
            name = prefix + (root.capitalize() if prefix.endswith(" ") or not prefix else root)
            return name + rnd.choice(names.FLEMISH_SUFFIXES)
        if group == "WA" and draw < 0.65:
            prefix = rnd.choice(names.WALLOON_PREFIXES)
            root = rnd.choice(names.WALLOON_ROOTS)
            return prefix + (root.capitalize() if prefix.endswith(" ") else root)
        pool = self.surnames.get(group, self.surnames["WA"])
        name = pick(rnd, pool, self.surname_weights[group])
        if group in ("WA", "ES", "PT") and rnd.random() < 0.03:
            other = pick(rnd, pool, self.surname_weights[group])
            if other != name:
                name = f"{name}-{other}"
        return name

    def given_names(self, group: str, sex: str) -> str:
        key = group if group in self.first_names else "OTHER"
        pool = self.first_names[key][sex]
        weights = self.first_name_weights[key][sex]
        count = pick(self.random, GIVEN_NAME_COUNTS, GIVEN_NAME_COUNT_WEIGHTS)
        chosen: list[str] = []
        for _ in range(count):
            name = pick(self.random, pool, weights)
            if name not in chosen:
                chosen.append(name)
        return " ".join(chosen)

    # --- numbers ------------------------------------------------------------------------

    def niss(self, year: int, month: int, day: int, sex: str, *, bis: bool = False) -> str:
        month_part = month + 40 if bis else month
        stem = f"{year % 100:02d}{month_part:02d}{day:02d}"
        counter_key = (stem, 1 if sex == "M" else 0)
        counter = self.serials.get(counter_key, 0)
        self.serials[counter_key] = counter + 1
        serial = counter * 2 + (1 if sex == "M" else 2)
        if serial > 998:
            raise RuntimeError(f"no NISS left for {stem}")
        first_nine = f"{stem}{serial:03d}"
        return first_nine + niss_check_digits(first_nine, born_after_1999=year >= 2000)

    # --- persons and households ---------------------------------------------------------

    def birth(self, min_age: int, max_age: int) -> date:
        age_days = self.random.randint(min_age * 365, max_age * 365 + 364)
        return self.today - timedelta(days=age_days)

    def person(self, group: str, sex: str, born: date, surname: str | None = None) -> PersonRecord:
        rnd = self.random
        _g, _share, country, nationality = GROUP_BY_CODE[group]
        foreign = group not in ("FL", "WA", "DE") and rnd.random() < 0.4
        month, day = born.month, born.day
        if foreign and rnd.random() < 0.04:
            day = 0
            if rnd.random() < 0.4:
                month = 0
        bis = foreign and rnd.random() < 0.1
        if bis:
            register = Register.BIS
        elif foreign:
            register = Register.WAITING if rnd.random() < 0.05 else Register.FOREIGNERS
        else:
            register = Register.POPULATION
        places = BIRTH_PLACES.get(group)
        birth_place = rnd.choice(places) if places and not foreign else country
        if not foreign and group not in BIRTH_PLACES:
            birth_place = rnd.choice(BIRTH_PLACES["WA"] + BIRTH_PLACES["FL"])
        death_date = None
        age = (self.today - born).days // 365
        if age > 75 and rnd.random() < 0.03:
            death_date = self.today - timedelta(days=rnd.randint(1, 2000))
        return PersonRecord(
            niss=self.niss(born.year, month, day, sex, bis=bis),
            last_name=surname or self.surname(group),
            first_names=self.given_names(group, sex),
            sex=sex,
            birth_year=born.year,
            birth_month=month,
            birth_day=day,
            birth_place=birth_place,
            nationality=nationality if foreign else "Belge",
            civil_status=CivilStatus.SINGLE,
            register=register,
            death_date=death_date,
        )

    def address(self, group: str) -> PostalAddress:
        rnd = self.random
        code, locality, area, _w = pick(rnd, LOCALITIES, self.locality_weights)
        if group == "DE":
            code, locality, area = "4700", "Eupen", "DE"
        street = rnd.choice(self.streets[area])
        box = str(rnd.randint(1, 12)) if rnd.random() < 0.25 else ""
        return PostalAddress(
            street=street,
            house_number=str(rnd.randint(1, 250)),
            box=box,
            postal_code=code,
            locality=locality,
        )

    def household(self) -> HouseholdRecord:
        rnd = self.random
        group = pick(rnd, GROUP_CODES, self.group_weights)
        address = self.address(group)
        kind = rnd.random()
        if kind < 0.33:
            sex = rnd.choice("MF")
            adult = self.person(group, sex, self.birth(18, 95))
            age = self.today.year - adult.birth_year
            if age > 70 and rnd.random() < 0.4:
                adult.civil_status = CivilStatus.WIDOWED
            elif age > 35 and rnd.random() < 0.3:
                adult.civil_status = CivilStatus.DIVORCED
            return HouseholdRecord(members=[(adult, HouseholdRole.HEAD)], address=address)
        man_born = self.birth(20, 85)
        woman_born = man_born + timedelta(days=rnd.randint(-2500, 2500))
        if woman_born > self.today - timedelta(days=18 * 365):
            woman_born = self.today - timedelta(days=18 * 365 + rnd.randint(0, 2000))
        man = self.person(group, "M", man_born)
        if kind >= 0.85:
            parent = man if rnd.random() < 0.2 else self.person(group, "F", woman_born)
            members = [(parent, HouseholdRole.HEAD)]
            family_name = parent.last_name
            partners: list[tuple[int, int]] = []
            youngest_parent = date(parent.birth_year, 1, 1)
        else:
            woman = self.person(group, "F", woman_born)
            status = CivilStatus.MARRIED if rnd.random() < 0.65 else CivilStatus.LEGAL_COHABITANT
            since = max(man_born, woman_born) + timedelta(days=365 * rnd.randint(19, 40))
            since = min(since, self.today - timedelta(days=30))
            for adult in (man, woman):
                adult.civil_status = status
                adult.civil_status_since = since
            members = [(man, HouseholdRole.HEAD), (woman, HouseholdRole.SPOUSE)]
            if status == CivilStatus.LEGAL_COHABITANT:
                members[1] = (woman, HouseholdRole.PARTNER)
            partners = [(0, 1)]
            family_name = man.last_name
            youngest_parent = max(man_born, woman_born)
            if kind < 0.58:
                return HouseholdRecord(members=members, address=address, partners=partners)
        earliest_child = youngest_parent + timedelta(days=365 * 18)
        for _ in range(rnd.choice((1, 1, 2, 2, 3))):
            if earliest_child >= self.today - timedelta(days=30):
                break
            born = earliest_child + timedelta(
                days=rnd.randint(0, min(25 * 365, (self.today - earliest_child).days - 1))
            )
            child = self.person(group, rnd.choice("MF"), born, surname=family_name)
            members.append((child, HouseholdRole.CHILD))
        return HouseholdRecord(members=members, address=address, partners=partners)


def generate_population(*, count: int, seed: int) -> Iterator[HouseholdRecord]:
    """Households until `count` persons have been produced (the last one may be cut short)."""
    generator = PopulationGenerator(seed)
    produced = 0
    while produced < count:
        household = generator.household()
        room = count - produced
        if len(household.members) > room:
            household.members = household.members[:room]
            household.partners = [p for p in household.partners if max(p) < room]
        produced += len(household.members)
        yield household
