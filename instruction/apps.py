from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionConfig(AppConfig):
    name = "instruction"
    verbose_name = _("Instruction des demandes")

    def ready(self):
        from dossiers.panels import register_panel
        from instruction.panels import requests_panel

        register_panel(requests_panel)
