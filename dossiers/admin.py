"""Django admin for dossiers: read-mostly.

Administrators may close (or reopen) a dossier; its person, CPAS, number and identity snapshot
are read-only. Dossiers are created through the agent's flow only and never deleted.
The access log is view-only: no add, change or delete, for anybody.
"""

from django.contrib import admin

from dossiers.models import AccessLogEntry, Dossier


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
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


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "cpas", "role", "niss", "action", "request_reference"]
    list_filter = ["action", "cpas"]
    search_fields = ["niss", "user__username", "user__last_name", "request_reference"]
    list_select_related = ["user", "cpas"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
