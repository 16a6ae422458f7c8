from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SppisSimulatorConfig(AppConfig):
    name = "sppis_simulator"
    verbose_name = _("SPP IS (simulé)")
