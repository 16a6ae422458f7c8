"""Demo registry: 20,000 generated persons plus the persons of the manual (seed_demo step)."""

from __future__ import annotations

from datetime import date

from registry.bulk import write_households
from registry.models import (
    Address,
    CivilStatus,
    Household,
    HouseholdMember,
    HouseholdRole,
    Person,
    Register,
    Sex,
)
from registry.population.generation import generate_population

DEMO_POPULATION = 20_000
# The manual's persons. Louise Delacroix's request gives no NISS; hers is made up.
LOUISE_NISS = "88051200266"
MANUAL_BIS_NISS = "97432405115"
MANUAL_PARTNER_NISS = "95061513594"


def seed(*, stdout=None, seed: int = 1) -> None:
    stats = write_households(lambda: generate_population(count=DEMO_POPULATION, seed=seed))
    _manual_persons()
    if stdout is not None:
        stdout.write(
            f"Registry: {Person.objects.count()} persons ({stats.created} new) "
            f"— e.g. Louise Delacroix, 12/05/1988; BIS {MANUAL_BIS_NISS}"
        )


def _manual_persons() -> None:
    if Person.objects.filter(niss=LOUISE_NISS).exists():
        # Older demos put Louise at 4367, which is Crisnée's postal code: moved to 3717.
        Address.objects.filter(
            residents__niss=LOUISE_NISS, postal_code="4367", locality="Herstappe"
        ).update(postal_code="3717")
        return
    herstappe = Address.objects.create(
        street="Rue de Tongres", house_number="12", postal_code="3717", locality="Herstappe"
    )
    Person.objects.create(
        niss=LOUISE_NISS,
        last_name="Delacroix",
        first_names="Louise",
        sex=Sex.FEMALE,
        birth_year=1988,
        birth_month=5,
        birth_day=12,
        birth_place="Liège",
        nationality="Belge",
        civil_status=CivilStatus.SINGLE,
        register=Register.POPULATION,
        residential_address=herstappe,
    )
    etterbeek = Address.objects.create(
        street="Avenue d'Auderghem",
        house_number="210",
        box="3",
        postal_code="1040",
        locality="Etterbeek",
    )
    partner = Person.objects.create(
        niss=MANUAL_PARTNER_NISS,
        last_name="Martin",
        first_names="Thomas",
        sex=Sex.MALE,
        birth_year=1995,
        birth_month=6,
        birth_day=15,
        birth_place="Namur",
        nationality="Belge",
        civil_status=CivilStatus.MARRIED,
        civil_status_since=date(2020, 9, 5),
        register=Register.POPULATION,
        residential_address=etterbeek,
    )
    # The manual's example: a woman with a BIS number whose serial is odd. The registry's
    # recorded sex is authoritative; the number is kept as it is.
    woman = Person.objects.create(
        niss=MANUAL_BIS_NISS,
        last_name="Lambert",
        first_names="Sarah",
        sex=Sex.FEMALE,
        birth_year=1997,
        birth_month=3,
        birth_day=24,
        birth_place="Etterbeek",
        nationality="Belgique",
        civil_status=CivilStatus.MARRIED,
        civil_status_since=date(2020, 9, 5),
        register=Register.POPULATION,
        residential_address=etterbeek,
        partner=partner,
    )
    partner.partner = woman
    partner.save()
    household = Household.objects.create(address=etterbeek)
    HouseholdMember.objects.create(household=household, person=woman, role=HouseholdRole.HEAD)
    HouseholdMember.objects.create(household=household, person=partner, role=HouseholdRole.SPOUSE)
