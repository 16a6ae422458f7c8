"""The date d'entrée en vigueur and the statut de l'avis of a received message, read at
receipt: a correction may replace a new B the SPP IS refused or blocked, found by NISS and
date (rules.B-CORR-01)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sppis_simulator', '0002_seed_codes'),
    ]

    operations = [
        migrations.AddField(
            model_name='receivedmessage',
            name='effective_date',
            field=models.DateField(blank=True, null=True, verbose_name="date d'entrée en vigueur"),
        ),
        migrations.AddField(
            model_name='receivedmessage',
            name='notice_status',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="statut de l'avis"),
        ),
        migrations.AddIndex(
            model_name='receivedmessage',
            index=models.Index(fields=['niss', 'effective_date'], name='sppis_message_niss_date'),
        ),
    ]
