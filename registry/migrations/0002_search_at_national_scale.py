# The phonetic search at national scale (issue #17): surname spellings, given-name keys and
# rows, the person window index covering what the search filters on; the search tables of a
# registry loaded before are rebuilt (the surname keys too: new transliteration keys).

import django.db.models.deletion
from django.db import migrations, models


def rebuild(apps, schema_editor):
    from registry.bulk.reindex import rebuild_search_tables

    rebuild_search_tables()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="GivenNameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=152)),
                ("form", models.CharField(max_length=150)),
            ],
            options={
                "verbose_name": "clé de prénom",
                "verbose_name_plural": "clés de prénoms",
                "constraints": [
                    models.UniqueConstraint(fields=("key", "form"), name="unique_given_name_key")
                ],
            },
        ),
        migrations.CreateModel(
            name="SurnameSpelling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("surname_index", models.CharField(max_length=100)),
                ("spelling", models.CharField(max_length=100)),
            ],
            options={
                "verbose_name": "graphie d'un nom",
                "verbose_name_plural": "graphies des noms",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("surname_index", "spelling"), name="unique_surname_spelling"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonName",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "person",
                        "given_form",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="registry.person",
                    ),
                ),
                ("given_form", models.CharField(max_length=150)),
                ("surname_index", models.CharField(max_length=100)),
                ("birth_date_min", models.DateField()),
                ("birth_date_max", models.DateField()),
                ("sex", models.CharField(max_length=1)),
            ],
            options={
                "verbose_name": "prénom d'une personne (recherche)",
                "verbose_name_plural": "prénoms des personnes (recherche)",
                "indexes": [
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
                ],
            },
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_surname_window",
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["surname_index", "birth_date_min", "birth_date_max", "sex", "id"],
                name="person_surname_window",
            ),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
