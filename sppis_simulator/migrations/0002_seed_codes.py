"""The SPP IS's error codes (dis.md §6.2) and PIIS codes with their validity (dis.md §1.3).

The texts are the catalogue's as the administrator starts with; they are edited in the admin
afterwards, so this migration never overwrites a row that exists (`seed` is also what the
tests call to put the rows back after a test that empties the tables).
"""

from datetime import date

from django.db import migrations

ERROR_CODES = [
    (
        "B-NISS-01",
        "NISS absent ou invalide",
        "Le formulaire ne porte pas de NISS, ou ses chiffres de contrôle sont incorrects. Un "
        "formulaire sans NISS n'est pas accepté : indiquez le NISS du bénéficiaire, ou "
        "demandez un numéro bis à la BCSS.",
        True,
    ),
    (
        "B-DATE-01",
        "Date obligatoire absente",
        "La date d'entrée en vigueur et la date de la décision (date de la séance) sont "
        "obligatoires et doivent être des dates existantes.",
        True,
    ),
    (
        "B-CAT-01",
        "Catégorie inconnue",
        "La catégorie du bénéficiaire doit être 1 (cohabitant), 2 (isolé) ou 3 (famille à "
        "charge).",
        True,
    ),
    (
        "B-CAT-02",
        "Catégorie 3 sans enfant mineur",
        "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié à "
        "charge dans le ménage : corrigez la catégorie ou la composition du ménage.",
        True,
    ),
    (
        "B-CORR-01",
        "Correction sans formulaire d'origine",
        "Le statut de l'avis 1 (correction) remplace le formulaire B envoyé à la même date "
        "d'entrée en vigueur pour ce NISS (accepté, refusé ou bloqué), et il n'y en a pas : "
        "envoyez le formulaire avec le statut 0.",
        True,
    ),
    (
        "B-DUP-01",
        "Formulaire en double",
        "Un formulaire B est déjà accepté pour ce NISS à cette date d'entrée en vigueur. Pour "
        "le corriger, envoyez un nouveau formulaire avec le statut de l'avis 1.",
        True,
    ),
    (
        "B-MONT-01",
        "Montant supérieur au barème",
        "Le montant annuel demandé dépasse le montant annuel du revenu d'intégration de la "
        "catégorie en vigueur à la date d'entrée en vigueur.",
        True,
    ),
    (
        "B-PIIS-01",
        "Code PIIS non valable à cette date",
        "Les codes PIIS 1 à 7 ne valent que jusqu'au 31/10/2016, les codes 11 à 17 qu'à partir "
        "du 01/11/2016 ; un code inconnu n'est pas accepté.",
        True,
    ),
    (
        "B-PIIS-02",
        "Prolongation sans première subvention",
        "Le code PIIS 17 (prolongation) demande un formulaire B accepté avec le code 11 en cours "
        "la veille de la date d'entrée en vigueur.",
        True,
    ),
    (
        "324211",
        "Métier en pénurie : début le premier jour du mois",
        "Le premier formulaire B avec le code 9 (métier en pénurie) doit commencer le premier "
        "jour d'un mois.",
        True,
    ),
    (
        "324213",
        "Exonération métier en pénurie déjà utilisée",
        "L'exonération pour un métier en pénurie dure 3 mois indivisibles, une fois dans la "
        "vie : elle a été demandée pour ce NISS il y a plus de 3 mois.",
        True,
    ),
    (
        "421426",
        "Montant activation (bénéficiaire) deux fois dans le mois",
        "Le montant d'activation est une aide non proportionnelle : un seul formulaire B par "
        "mois peut le porter pour le bénéficiaire.",
        True,
    ),
    (
        "421427",
        "Montant activation (partenaire) deux fois dans le mois",
        "Le montant d'activation est une aide non proportionnelle : un seul formulaire B par "
        "mois peut le porter pour le partenaire.",
        True,
    ),
    (
        "B-TARD-01",
        "Envoi tardif",
        "La décision doit être communiquée dans les 8 jours qui suivent la fin du mois où elle "
        "a été prise. Envoyée plus tard, elle n'est pas remboursée pour la période entre le "
        "45e jour après la fin de ce mois et le jour de l'envoi.",
        False,
    ),
    (
        "B-BLOC-01",
        "Formulaire bloqué",
        "Le SPP IS a bloqué les formulaires de ce bénéficiaire. Rien n'est remboursé tant que "
        "le blocage n'est pas levé : contactez le SPP IS avec les pièces demandées.",
        True,
    ),
    (
        "C-NAT-01",
        "Nature de la décision inconnue",
        "La nature de la décision du formulaire C doit être 1 (refus) ou 2 (retrait).",
        True,
    ),
    (
        "C-REF-01",
        "Retrait sans formulaire B en cours",
        "Un retrait met fin au formulaire B en cours ; aucun formulaire B accepté n'est en cours "
        "pour ce NISS à la date d'entrée en vigueur du retrait.",
        True,
    ),
    (
        "MSG-FMT-01",
        "Message illisible",
        "Le message ne respecte pas le schéma des formulaires (JSON, clés, types, valeurs) : il "
        "n'est pas traité. Le détail indique les rubriques en cause.",
        True,
    ),
]

UNTIL_2016 = date(2016, 10, 31)
FROM_2016 = date(2016, 11, 1)
PIIS_CODES = [
    (1, "Formation du service régional de placement (demandeur ou partenaire)", None, UNTIL_2016),
    (2, "Formation par une institution conventionnée avec le CPAS", None, UNTIL_2016),
    (3, "Travail au CPAS", None, UNTIL_2016),
    (4, "Travail dans une institution visée à l'article 61 de la loi organique", None, UNTIL_2016),
    (5, "Combinaison de 1 ou 2 avec 3 ou 4", None, UNTIL_2016),
    (6, "Contrat sans la durée requise pour la subvention majorée", None, UNTIL_2016),
    (7, "Autre type de contrat d'intégration", None, UNTIL_2016),
    (8, "Pas de contrat, pour des raisons de santé ou d'équité", None, None),
    (9, "Études de plein exercice (début, reprise ou poursuite)", None, None),
    (10, "Étudiant de plein exercice ayant aussi des revenus du travail", None, None),
    (11, "PIIS général : subvention spéciale, première subvention", FROM_2016, None),
    (12, "PIIS général (suite du libellé non retrouvée)", FROM_2016, None),
    (17, "Subvention spéciale : prolongation (deuxième année)", FROM_2016, None),
]


def seed(apps, schema_editor):
    ErrorCode = apps.get_model("sppis_simulator", "ErrorCode")
    PiisCode = apps.get_model("sppis_simulator", "PiisCode")
    for code, title, explanation, blocking in ERROR_CODES:
        ErrorCode.objects.get_or_create(
            code=code,
            defaults={"title": title, "explanation": explanation, "blocking": blocking},
        )
    for code, label, valid_from, valid_to in PIIS_CODES:
        PiisCode.objects.get_or_create(
            code=code,
            valid_from=valid_from,
            defaults={"label": label, "valid_to": valid_to},
        )


def unseed(apps, schema_editor):
    apps.get_model("sppis_simulator", "ErrorCode").objects.filter(
        code__in=[row[0] for row in ERROR_CODES]
    ).delete()
    apps.get_model("sppis_simulator", "PiisCode").objects.filter(
        code__in=[row[0] for row in PIIS_CODES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sppis_simulator", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
