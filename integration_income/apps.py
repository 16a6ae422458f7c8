from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationIncomeConfig(AppConfig):
    name = "integration_income"
    verbose_name = _("Revenu d'intégration : montants et calcul")
