"""Gives a superuser the second factor of the administration site: a TOTP key and recovery
codes. `--reset` replaces them (a lost phone); the old ones stop working at once."""

from __future__ import annotations

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


class Command(BaseCommand):
    help = "Clé TOTP et codes de secours d'un superutilisateur pour l'administration."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--reset", action="store_true", help="Remplace la clé et les codes existants."
        )
        parser.add_argument(
            "--no-qr", action="store_true", help="N'affiche pas le code QR dans le terminal."
        )

    @transaction.atomic
    def handle(self, username, reset=False, no_qr=False, **options):
        user = get_user_model().objects.filter(username=username, is_superuser=True).first()
        if user is None:
            raise CommandError(_("Aucun superutilisateur « %(name)s ».") % {"name": username})
        if TOTPDevice.objects.devices_for_user(user).exists() and not reset:
            raise CommandError(
                _("Ce superutilisateur a déjà une clé TOTP : ajoutez --reset pour la remplacer.")
            )
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="admin", confirmed=True)
        recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
        self.stdout.write(_("Clé TOTP (application d'authentification) :"))
        self.stdout.write(device.config_url)
        if not no_qr:
            picture = io.StringIO()
            segno.make(device.config_url).terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue())
        self.stdout.write(_("Codes de secours, chacun valable une fois :"))
        for code in codes:
            self.stdout.write(f"  {code}")
