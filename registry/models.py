from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from primaweb.addresses import AddressFields
from registry.given_names import MAX_FORM_LENGTH, form_keys, person_forms
from registry.niss import format_niss, niss_kind
from registry.partial_date import PartialDate
from registry.phonetics import surname_index, surname_keys


class Sex(models.TextChoices):
    MALE = "M", _("Masculin")
    FEMALE = "F", _("Féminin")


class CivilStatus(models.TextChoices):
    SINGLE = "celibataire", _("Célibataire")
    MARRIED = "marie", _("Marié(e)")
    LEGAL_COHABITANT = "cohabitant", _("Cohabitant(e) légal(e)")
    DIVORCED = "divorce", _("Divorcé(e)")
    WIDOWED = "veuf", _("Veuf/Veuve")
    SEPARATED = "separe", _("Séparé(e) de corps")


class Register(models.TextChoices):
    POPULATION = "population", _("Registre de population")
    FOREIGNERS = "etrangers", _("Registre des étrangers")
    WAITING = "attente", _("Registre d'attente")
    BIS = "bis", _("Registre BIS")


class HouseholdRole(models.TextChoices):
    HEAD = "chef", _("Chef de ménage")
    SPOUSE = "conjoint", _("Conjoint(e)")
    PARTNER = "partenaire", _("Partenaire")
    CHILD = "enfant", _("Enfant")
    PARENT = "parent", _("Parent")
    OTHER_RELATIVE = "parente", _("Autre parent")
    OTHER = "autre", _("Autre")


class Address(AddressFields):
    # The registry's addresses are searched by postal code.
    postal_code = AddressFields.variant("postal_code", db_index=True)

    class Meta:
        verbose_name = _("adresse")
        verbose_name_plural = _("adresses")

    def __str__(self) -> str:
        """Without the country (`Rue Haute 3 bte 2, 4000 Liège`)."""
        return self.postal_address.format(country=False)


class PersonQuerySet(models.QuerySet):
    def with_addresses(self) -> PersonQuerySet:
        return self.select_related("residential_address", "reference_address", "partner")


class Person(models.Model):
    """A person of the (simulated) National Register or of the BIS register.

    The birth date is kept as the registry gives it, with 0 for an unknown month or day
    (`1980-06-00`); `birth_date_min`/`birth_date_max` bound the possible dates so that
    searches can compare windows with an index.
    """

    niss = models.CharField(_("NISS"), max_length=11, unique=True)
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénom(s)"), max_length=150, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"))
    birth_month = models.PositiveSmallIntegerField(_("mois de naissance (0 = inconnu)"))
    birth_day = models.PositiveSmallIntegerField(_("jour de naissance (0 = inconnu)"))
    birth_date_min = models.DateField(_("date de naissance au plus tôt"))
    birth_date_max = models.DateField(_("date de naissance au plus tard"))
    surname_index = models.CharField(
        _("nom normalisé (recherche)"), max_length=100, editable=False, default=""
    )
    birth_place = models.CharField(_("lieu de naissance"), max_length=80, blank=True)
    nationality = models.CharField(_("nationalité"), max_length=60, blank=True)
    civil_status = models.CharField(
        _("état civil"), max_length=12, choices=CivilStatus.choices, blank=True
    )
    civil_status_since = models.DateField(_("date de début"), null=True, blank=True)
    partner = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partenaire"),
    )
    register = models.CharField(
        _("registre d'inscription"), max_length=12, choices=Register.choices, blank=True
    )
    death_date = models.DateField(_("date de décès"), null=True, blank=True)
    residential_address = models.ForeignKey(
        Address,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("adresse résidentielle"),
    )
    reference_address = models.ForeignKey(
        Address,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reference_residents",
        verbose_name=_("adresse de référence"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_names"]
        indexes = [
            # The phonetic search's window without a first name: its range scans, counts and
            # nearest-first reads need no table row (birth_date_max, sex and id are here).
            models.Index(
                fields=["surname_index", "birth_date_min", "birth_date_max", "sex", "id"],
                name="person_surname_window",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_names} ({self.niss_display})"

    def save(self, *args, **kwargs):
        born = self.birth_date
        self.birth_date_min, self.birth_date_max = born.earliest, born.latest
        # The search columns are part of the person, kept in step on every save.
        self.surname_index = surname_index(self.last_name)
        super().save(*args, **kwargs)
        SurnameKey.objects.ensure_for([self.last_name])
        PersonName.objects.replace_for(self)

    @property
    def niss_display(self) -> str:
        return format_niss(self.niss)

    @property
    def is_bis(self) -> bool:
        return niss_kind(self.niss) == "bis"

    @property
    def birth_date(self) -> PartialDate:
        return PartialDate(self.birth_year, self.birth_month, self.birth_day)

    @property
    def birth_date_display(self) -> str:
        return self.birth_date.display

    @property
    def birth_date_iso(self) -> str:
        return self.birth_date.iso

    @property
    def is_deceased(self) -> bool:
        return self.death_date is not None


def insert_pairs(table: str, columns: tuple[str, str], rows) -> None:
    """Inserts (text, text) rows, ignoring those already there. Raw SQL: imports add hundreds
    of thousands of keys, bulk_create would compile each."""
    rows = sorted(rows)
    if not rows:
        return
    first, second = columns
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for all: row-by-row round trips dominate on a server.
            cursor.execute(
                f"INSERT INTO {table} ({first}, {second}) "  # noqa: S608 - our table names
                "SELECT * FROM unnest(%s::varchar[], %s::varchar[]) ON CONFLICT DO NOTHING",
                [[row[0] for row in rows], [row[1] for row in rows]],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({first}, {second}) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT DO NOTHING",
                rows,
            )


class SurnameKeyManager(models.Manager):
    def ensure_for(self, last_names) -> None:
        """Adds the keys and the spellings of these surnames that are not stored yet."""
        keys, spellings = set(), set()
        for name in set(last_names):
            index = surname_index(name)
            keys.update((key, index) for key in surname_keys(name))
            if index:
                spellings.add((index, name[:100]))
        insert_pairs("registry_surnamekey", ("key", "surname_index"), keys)
        insert_pairs("registry_surnamespelling", ("surname_index", "spelling"), spellings)


class SurnameKey(models.Model):
    """One phonetic key of a surname as the registry spells it (normalised, see
    `registry.phonetics.surname_index`).

    Keys belong to surnames, not to persons: a country has far fewer distinct surnames than
    persons, so the key table stays small and importing millions of persons adds few rows.
    A search looks its keys up here, then reads the persons of the surnames found through the
    index on (surname_index, birth_date_min).
    """

    key = models.CharField(max_length=40)
    surname_index = models.CharField(max_length=100)

    objects = SurnameKeyManager()

    class Meta:
        verbose_name = _("clé phonétique")
        verbose_name_plural = _("clés phonétiques")
        constraints = [
            models.UniqueConstraint(fields=["key", "surname_index"], name="unique_surname_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.surname_index}"


class SurnameSpelling(models.Model):
    """A surname as the registry writes it, under its normalised form: the search scores each
    spelling its keys found before reading any person (`Van den Broeck` and `Vandenbroeck`
    share `VANDENBROECK`; a part or an accent may score differently)."""

    surname_index = models.CharField(max_length=100)
    spelling = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("graphie d'un nom")
        verbose_name_plural = _("graphies des noms")
        constraints = [
            models.UniqueConstraint(
                fields=["surname_index", "spelling"], name="unique_surname_spelling"
            )
        ]

    def __str__(self) -> str:
        return f"{self.surname_index} : {self.spelling}"


class GivenNameKeyManager(models.Manager):
    def ensure_for(self, forms) -> None:
        """Adds the keys of these given-name forms (`registry.given_names.person_forms`)."""
        insert_pairs(
            "registry_givennamekey",
            ("key", "form"),
            {(key, form) for form in set(forms) for key in form_keys(form)},
        )


class GivenNameKey(models.Model):
    """One key of a given-name form of the registry (`registry.given_names`): a typed first
    name looks its keys up here to find the forms it may be, then the persons by those forms
    (`PersonName`)."""

    key = models.CharField(max_length=MAX_FORM_LENGTH + 2)
    form = models.CharField(max_length=MAX_FORM_LENGTH)

    objects = GivenNameKeyManager()

    class Meta:
        verbose_name = _("clé de prénom")
        verbose_name_plural = _("clés de prénoms")
        constraints = [
            models.UniqueConstraint(fields=["key", "form"], name="unique_given_name_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.form}"


# A PersonName row's columns, in the order of `name_rows`.
NAME_COLUMNS = (
    "person_id",
    "given_form",
    "surname_index",
    "birth_date_min",
    "birth_date_max",
    "sex",
)


def name_rows(person_id, first_names, index, born_min, born_max, sex) -> list[tuple]:
    """The PersonName rows of a person, in the order of NAME_COLUMNS."""
    return [(person_id, form, index, born_min, born_max, sex) for form in person_forms(first_names)]


class PersonNameManager(models.Manager):
    def replace_for(self, person: Person) -> None:
        """The person's rows as their names and birth date are now (after a save)."""
        rows = name_rows(
            person.pk,
            person.first_names,
            person.surname_index,
            person.birth_date_min,
            person.birth_date_max,
            person.sex,
        )
        GivenNameKey.objects.ensure_for([row[1] for row in rows])
        placeholders = ", ".join(["%s"] * len(NAME_COLUMNS))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM registry_personname WHERE person_id = %s", [person.pk])
            cursor.executemany(
                f"INSERT INTO registry_personname ({', '.join(NAME_COLUMNS)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                rows,
            )


class PersonName(models.Model):
    """One form of a person's given names with what the search filters on (issue #17): a
    phonetic search with a first name reads these rows' index, by surname, form and birth
    date, instead of every person of the surname in the window. Kept in step with the person
    by `Person.save` and the bulk loads."""

    pk = models.CompositePrimaryKey("person", "given_form")
    # No index of its own: the primary key's (person, given_form) serves deletions.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    given_form = models.CharField(max_length=MAX_FORM_LENGTH)
    surname_index = models.CharField(max_length=100)
    birth_date_min = models.DateField()
    birth_date_max = models.DateField()
    sex = models.CharField(max_length=1)

    objects = PersonNameManager()

    class Meta:
        verbose_name = _("prénom d'une personne (recherche)")
        verbose_name_plural = _("prénoms des personnes (recherche)")
        indexes = [
            models.Index(
                fields=[
                    "surname_index",
                    "given_form",
                    "birth_date_min",
                    "birth_date_max",
                    "sex",
                    "person",
                ],
                name="personname_search",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_form} ({self.person_id})"


class Household(models.Model):
    address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("adresse")
    )

    class Meta:
        verbose_name = _("ménage")
        verbose_name_plural = _("ménages")

    def __str__(self) -> str:
        return f"{_('Ménage')} {self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="household_membership"
    )
    # « rôle » in the household (its place in it), not the user's role: a context of its own.
    role = models.CharField(
        pgettext_lazy("ménage", "rôle"), max_length=12, choices=HouseholdRole.choices
    )

    class Meta:
        verbose_name = _("membre du ménage")
        verbose_name_plural = _("membres du ménage")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"
