"""Django admin for dossiers: read-mostly.

Administrators may close (or reopen) a dossier; its person, CPAS, number and identity snapshot
are read-only. Dossiers are created through the agent's flow only and never deleted.
Its pages show the identity snapshot taken from the registry: each showing is logged.
"""

from django.contrib import admin

from accesslog.admin import LoggedRegistryDataAdmin
from accesslog.models import AccessAction
from dossiers.models import Dossier


@admin.register(Dossier)
class DossierAdmin(LoggedRegistryDataAdmin, admin.ModelAdmin):
    log_action = AccessAction.ADMIN_PERSON

    list_display = ["number", "last_name", "first_names", "niss", "cpas", "status", "created_at"]
    list_filter = ["status", "cpas"]
    search_fields = ["number", "niss", "last_name", "first_names"]
    list_select_related = ["cpas"]
    date_hierarchy = "created_at"
    fields = [
        "number",
        "cpas",
        "status",
        "person",
        "niss",
        "last_name",
        "first_names",
        "birth_date",
        "sex",
        "street",
        "house_number",
        "box",
        "postal_code",
        "locality",
        "country",
        "origin_request",
        "created_by",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name != "status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
