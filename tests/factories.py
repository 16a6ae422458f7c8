"""factory-boy factories shared by every app's tests."""

from datetime import date

import factory
from django.contrib.auth.models import User

from primaweb.addresses import DEFAULT_COUNTRY
from primaweb.models import Cpas, Municipality, PostalCode, Profile, Role


def valid_bce(n: int) -> str:
    prefix = f"0{300000 + n:07d}"
    return f"{prefix}{97 - int(prefix) % 97:02d}"


class CpasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cpas

    name = factory.Sequence(lambda n: f"CPAS de Testville {n}")
    bce_number = factory.Sequence(valid_bce)
    street = "Rue de la Station"
    house_number = "1"
    postal_code = factory.Sequence(lambda n: f"{5000 + n % 4000}")
    locality = "Testville"
    phone = "081 00 00 00"
    email = factory.Sequence(lambda n: f"cpas{n}@example.be")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    nis_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Testville {n}")
    cpas = factory.SubFactory(CpasFactory)


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalCode

    code = factory.Sequence(lambda n: f"{5000 + n % 4000}")
    locality = factory.LazyAttribute(lambda o: o.municipality.name)
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.be")
    password = factory.PostGenerationMethodCall("set_password", "demo-password-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    cpas = factory.SubFactory(CpasFactory)
    role = Role.SOCIAL_AGENT


def _now():
    from django.utils import timezone

    return timezone.now()


def _local_date(moment):
    from django.utils import timezone

    return timezone.localdate(moment)


class OnlineRequestFactory(factory.django.DjangoModelFactory):
    """A CPAS Online request (requests_online), unread, submitted now."""

    class Meta:
        model = "requests_online.OnlineRequest"

    reference = factory.Sequence(lambda n: f"TST{n:09d}")
    cpas = factory.SubFactory(CpasFactory)
    submitted_at = factory.LazyFunction(_now)
    submitted_on = factory.LazyAttribute(lambda o: _local_date(o.submitted_at))
    first_name = "Louise"
    last_name = factory.Sequence(lambda n: f"Delacroix{n}")
    email = "louise@example.be"
    phone = "0484567862"
    postal_code = "3717"
    locality = "Herstappe"
    nature = "energie"
    description = "Test"
    lives_at_residence = "oui"


# --- registry ------------------------------------------------------------------------------


def make_niss(year: int, month: int, day: int, serial: int, *, bis: bool = False) -> str:
    """A valid NISS (or BIS number) for this birth date and serial (odd: men, even: women)."""
    from registry.niss import niss_check_digits

    first_nine = f"{year % 100:02d}{month + (40 if bis else 0):02d}{day:02d}{serial % 1000:03d}"
    return first_nine + niss_check_digits(first_nine, born_after_1999=year >= 2000)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Address"

    street = "Rue de l'Église"
    house_number = factory.Sequence(lambda n: str(n % 200 + 1))
    box = ""
    postal_code = "3717"
    locality = "Herstappe"
    country = DEFAULT_COUNTRY


class PersonFactory(factory.django.DjangoModelFactory):
    """A registry person; `niss` follows birth date, sex and a sequence serial."""

    class Meta:
        model = "registry.Person"
        django_get_or_create = ["niss"]

    last_name = "Delacroix"
    first_names = "Louise"
    sex = "F"
    birth_year = 1988
    birth_month = 5
    birth_day = 12
    birth_place = "Liège"
    nationality = "Belge"
    civil_status = "celibataire"
    register = "population"
    residential_address = factory.SubFactory(AddressFactory)
    niss = factory.LazyAttributeSequence(
        lambda o, n: make_niss(
            o.birth_year,
            o.birth_month,
            o.birth_day,
            (n % 499) * 2 + (1 if o.sex == "M" else 2),
        )
    )


def make_manual_louise():
    """The manual's identification example: Louise Delacroix, born 24/03/1997, NISS (BIS)
    974324 051 15, married since 05/09/2020, head of a household at her address."""
    from registry.models import Household, HouseholdMember, HouseholdRole

    address = AddressFactory(street="Rue de l'Église", house_number="12", postal_code="3717")
    louise = PersonFactory(
        niss="97432405115",
        last_name="Delacroix",
        first_names="Louise Marie",
        sex="F",
        birth_year=1997,
        birth_month=3,
        birth_day=24,
        birth_place="Etterbeek",
        nationality="Belgique",
        civil_status="marie",
        civil_status_since=date(2020, 9, 5),
        residential_address=address,
    )
    household = Household.objects.create(address=address)
    HouseholdMember.objects.create(household=household, person=louise, role=HouseholdRole.HEAD)
    return louise


def make_log_entry(profile, niss: str, action=None, **shown):
    """One access-log row written by `profile`'s agent, through the service agents' pages use."""
    from accesslog.models import AccessAction
    from accesslog.services import Shown, record_consultation

    (entry,) = record_consultation(
        user=profile.user,
        cpas=profile.cpas,
        role=profile.role,
        action=action or AccessAction.PERSON_DETAILS,
        niss_shown=[niss],
        shown=Shown(**shown),
    )
    return entry
