"""Registers an agent for the federal login: the keyed hash of the national number (never the
number), an account without password, and a profile in a CPAS (found by its BCE number).

    manage.py register_agent 85073003328 --first-name Sophie --last-name Lambert \\
        --cpas 0212345680 --role agent_social
    manage.py register_agent 85073003328 --username agent1     # an existing account
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from stdnum.be import vat

from primaweb.fas.identity import link_identity, register_agent
from primaweb.models import Cpas, Profile, Role


class Command(BaseCommand):
    help = "Enregistre un agent pour la connexion fédérale (FAS)."

    def add_arguments(self, parser):
        parser.add_argument("national_number")
        parser.add_argument("--username", help="Un compte existant à relier à ce numéro.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--cpas", help="Numéro BCE du CPAS du profil.")
        parser.add_argument("--role", choices=Role.values, default=Role.SOCIAL_AGENT)

    def handle(self, national_number, username, first_name, last_name, cpas, role, **options):
        found = None
        if cpas:
            found = Cpas.objects.filter(bce_number=vat.compact(cpas)).first()
            if found is None:
                raise CommandError(_("Aucun CPAS avec le numéro BCE %(bce)s.") % {"bce": cpas})
        try:
            if username:
                user = get_user_model().objects.filter(username=username).first()
                if user is None:
                    raise CommandError(_("Aucun compte « %(name)s ».") % {"name": username})
                link_identity(user=user, national_number=national_number)
                if found is not None:
                    Profile.objects.get_or_create(user=user, cpas=found, role=role)
            else:
                user = register_agent(
                    national_number=national_number,
                    first_name=first_name,
                    last_name=last_name,
                    cpas=found,
                    role=role,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Agent enregistré : compte %(name)s.") % {"name": user.username})
