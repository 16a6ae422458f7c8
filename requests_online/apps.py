from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsOnlineConfig(AppConfig):
    name = "requests_online"
    verbose_name = _("Demandes CPAS Online")
