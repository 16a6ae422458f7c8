"""The RI amounts known from the sources (dis.md §1.6), so that a clean clone can calculate.

[S] = read in the cited source; [I] = inferred, with the method in the row's `source`. The
table is incomplete: the amounts were indexed more often than these rows (2021-2025 had several
indexations a year); an operator adds the missing rows in the admin. Later rows are added by
the admin, not by new migrations.

Inferences:
* 2023 categories 1 and 3: only the isolé amount is in the SPP IS example. All three categories
  are one base amount each times the same coefficients, so cat. 1 and 3 are the isolé yearly
  amount times the ratio of the base amounts published by the SPP IS on 01/01/2021
  (5,515.62 / 8,273.45 / 11,181.13); monthly = yearly / 12. The same method gives the 2025
  cat. 1 amount within 0.02 EUR of the published one.
* 2024 and 2025 yearly amounts not found: 12 x the published monthly amount.
* Art. 35 exemption: 177.76 EUR (the unindexed base) x the index coefficient of the day; the
  coefficients 1.4859, 1.6406 and 1.7410 reproduce the published 264.13, 291.63 and 309.48.
  2020-01-01: x 1.4002; 2024-05-01: x 1.7069 (the step before 1.7410).
* « Métier en pénurie » 2024-05-01: its base 254.75 (= 443.52 / 1.7410) x 1.7069.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

PB_AMOUNTS_NL = "https://primabook.mi-is.be/nl/recht-op-maatschappelijke-integratie/bedragen-leefloon"
PB_NOVA = "https://primabook.mi-is.be/fr/node/378"
MI_IS_2021 = "https://www.mi-is.be/fr/nouvelles/augmentation-du-revenu-dintegration-au-1er-janvier-2021"
CENTEN = "https://centenvoorstudenten.be/info/leefloon/bedrag-leefloon/"
BDAS_GENERAL = "https://bdas-wwsb.brussels/?p=3321"
BDAS_ISP = "https://bdas-wwsb.brussels/?p=3363"
ADAS_ISP = "https://www.adasasbl.be/2022/02/21/exoneration-des-revenus-socioprofessionnels/"
SHORTAGE = (
    "https://www.droitsquotidiens.be/fr/question/le-montant-de-lexoneration-socioprofessionnelle-"
    "pour-le-ris-est-il-plus-eleve-si-je"
)

CATEGORY_AMOUNTS = [
    {
        "valid_from": date(2020, 1, 1),
        "cohabitant_annual": D("7520.85"),
        "cohabitant_monthly": D("626.74"),
        "isolated_annual": D("11281.30"),
        "isolated_monthly": D("940.11"),
        "family_annual": D("15246.08"),
        "family_monthly": D("1270.51"),
        "source": f"[S] {PB_AMOUNTS_NL}",
    },
    {
        "valid_from": date(2021, 1, 1),
        "cohabitant_annual": D("7877.41"),
        "cohabitant_monthly": D("656.45"),
        "isolated_annual": D("11816.14"),
        "isolated_monthly": D("984.68"),
        "family_annual": D("15968.89"),
        "family_monthly": D("1330.74"),
        "source": f"[S] {MI_IS_2021}",
    },
    {
        "valid_from": date(2023, 1, 1),
        "cohabitant_annual": D("9713.03"),
        "cohabitant_monthly": D("809.42"),
        "isolated_annual": D("14569.58"),
        "isolated_monthly": D("1214.13"),
        "family_annual": D("19690.02"),
        "family_monthly": D("1640.84"),
        "source": (
            f"[S] isolé: {PB_NOVA} (the SPP IS worked example). "
            "[I] cat. 1 and 3: isolé yearly x the ratio of the base amounts of "
            f"01/01/2021 ({MI_IS_2021}); monthly = yearly / 12."
        ),
    },
    {
        "valid_from": date(2024, 5, 1),
        "cohabitant_annual": D("10307.64"),
        "cohabitant_monthly": D("858.97"),
        "isolated_annual": D("15461.52"),
        "isolated_monthly": D("1288.46"),
        "family_annual": D("20895.48"),
        "family_monthly": D("1741.29"),
        "source": f"[S] monthly: {CENTEN}. [I] yearly = 12 x monthly (not found).",
    },
    {
        "valid_from": date(2025, 2, 1),
        "cohabitant_annual": D("10513.60"),
        "cohabitant_monthly": D("876.13"),
        "isolated_annual": D("15770.41"),
        "isolated_monthly": D("1314.20"),
        "family_annual": D("21312.84"),
        "family_monthly": D("1776.07"),
        "source": (
            "[S] https://cpassivryrance.be/revenu-d-int%C3%A9gration/le-montant-du-ri-au-01-08-2022, "
            f"{BDAS_GENERAL}. [I] cat. 3 yearly = 12 x monthly (not found)."
        ),
    },
]

# The general exemption (155 / 250 / 310 EUR a year) is not indexed [S] BDAS_GENERAL.
GENERAL = {
    "cohabitant_general_annual": D("155.00"),
    "isolated_general_annual": D("250.00"),
    "family_general_annual": D("310.00"),
}
EXEMPTION_AMOUNTS = [
    {
        "valid_from": date(2020, 1, 1),
        "art35_monthly": D("248.90"),
        "shortage_monthly": None,
        "source": f"[I] art. 35: 177.76 x 1.4002 (index coefficient). [S] general: {BDAS_GENERAL}",
    },
    {
        "valid_from": date(2022, 1, 1),
        "art35_monthly": D("264.13"),
        "shortage_monthly": None,
        "source": f"[S] art. 35: {ADAS_ISP}. [S] general: {BDAS_GENERAL}",
    },
    {
        "valid_from": date(2023, 1, 1),
        "art35_monthly": D("291.63"),
        "shortage_monthly": None,
        "source": f"[S] art. 35: {PB_NOVA}. [S] general: {BDAS_GENERAL}",
    },
    {
        "valid_from": date(2024, 5, 1),
        "art35_monthly": D("303.42"),
        "shortage_monthly": D("434.83"),
        "source": (
            "[I] art. 35: 177.76 x 1.7069; métier en pénurie: 254.75 x 1.7069 "
            f"(index coefficient). [S] general: {BDAS_GENERAL}"
        ),
    },
    {
        "valid_from": date(2025, 2, 1),
        "art35_monthly": D("309.48"),
        "shortage_monthly": D("443.52"),
        "source": f"[S] art. 35: {BDAS_ISP}; métier en pénurie: {SHORTAGE}. [S] general: {BDAS_GENERAL}",
    },
]


def seed(apps, schema_editor):
    CategoryAmount = apps.get_model("integration_income", "CategoryAmount")
    ExemptionAmount = apps.get_model("integration_income", "ExemptionAmount")
    for row in CATEGORY_AMOUNTS:
        values = dict(row)
        CategoryAmount.objects.get_or_create(valid_from=values.pop("valid_from"), defaults=values)
    for row in EXEMPTION_AMOUNTS:
        values = {**row, **GENERAL}
        ExemptionAmount.objects.get_or_create(valid_from=values.pop("valid_from"), defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("integration_income", "CategoryAmount").objects.filter(
        valid_from__in=[row["valid_from"] for row in CATEGORY_AMOUNTS]
    ).delete()
    apps.get_model("integration_income", "ExemptionAmount").objects.filter(
        valid_from__in=[row["valid_from"] for row in EXEMPTION_AMOUNTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("integration_income", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
