from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReimbursementConfig(AppConfig):
    name = "reimbursement"
    verbose_name = _("Formulaires B et C")

    def ready(self):
        from dossiers.panels import register_panel
        from reimbursement.panels import forms_panel

        register_panel(forms_panel)
