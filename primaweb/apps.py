from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrimawebConfig(AppConfig):
    name = "primaweb"
    verbose_name = _("CPAS et agents")
