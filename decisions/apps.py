from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Décisions du Conseil")

    def ready(self):
        from decisions.panels import decisions_panel
        from dossiers.panels import register_panel

        register_panel(decisions_panel)
