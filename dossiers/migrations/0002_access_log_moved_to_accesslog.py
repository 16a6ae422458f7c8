"""The access log moves to its own app (`accesslog`): its rows are copied there, in order,
then the old table is dropped.

Old "consultation" rows become "page_dossier" when they name a dossier (the dossier's main
page was the only consultation with a dossier) and "fiche_personne" otherwise. Going back
recreates the old table empty: the rows stay in `accesslog`, nothing is lost.
"""

from django.db import migrations

BATCH = 2000


def copy_rows(apps, schema_editor):
    Old = apps.get_model("dossiers", "AccessLogEntry")
    New = apps.get_model("accesslog", "AccessLogEntry")
    rows = Old.objects.select_related("dossier").order_by("pk")
    batch = []
    for old in rows.iterator(chunk_size=BATCH):
        action = old.action
        if action == "consultation":
            action = "page_dossier" if old.dossier_id else "fiche_personne"
        batch.append(
            New(
                user_id=old.user_id,
                cpas_id=old.cpas_id,
                role=old.role,
                created_at=old.created_at,
                niss=old.niss,
                action=action,
                dossier_pk=old.dossier_id,
                dossier_number=old.dossier.number if old.dossier_id else "",
                request_pk=old.request_pk,
                request_reference=old.request_reference,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    if batch:
        New.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
        ("accesslog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccessLogEntry"),
    ]
