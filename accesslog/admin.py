"""The administration site's side of the access log.

- The log and its purges are view-only, for everybody.
- Every admin page that shows a registry person's data (changelist or change page) logs the
  persons it shows, as the agents' pages do: `LoggedRegistryDataAdmin`. The registry's own
  person admin is wrapped here, because the registry sits below this app and cannot import it.

Only superusers enter the administration site (`primaweb/admin_site.py`): there is no
CPAS scoping in it, so no staff member of a CPAS may use it. Its consultations are logged
without a CPAS.
"""

from __future__ import annotations

from django.contrib import admin

from accesslog.models import AccessAction, AccessLogEntry, AccessLogPurge
from accesslog.services import record_consultation
from registry.admin import PersonAdmin
from registry.models import Person


class LoggedRegistryDataAdmin:
    """Logs the NISS of the objects an admin page shows (`niss_field`, default "niss")."""

    niss_field = "niss"
    log_action = AccessAction.ADMIN_PERSON

    def niss_shown(self, obj) -> list[str]:
        """The NISS a page about `obj` shows; override when it shows more than one."""
        return [getattr(obj, self.niss_field, "") or ""]

    def _log(self, request, objects) -> None:
        record_consultation(
            user=request.user,
            cpas=None,
            role="",
            action=self.log_action,
            niss_shown=[niss for obj in objects for niss in self.niss_shown(obj)],
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        self._log(request, changelist.result_list)
        return changelist

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self._log(request, [obj])
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "user",
        "cpas",
        "role",
        "niss",
        "action",
        "dossier_number",
        "request_reference",
    ]
    list_filter = ["action", "cpas"]
    search_fields = ["=niss", "user__username", "user__last_name", "=request_reference"]
    list_select_related = ["user", "cpas"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AccessLogPurge)
class AccessLogPurgeAdmin(ReadOnlyAdmin):
    list_display = ["purged_at", "operator", "retention_days", "purged_before", "rows_deleted"]


admin.site.unregister(Person)


@admin.register(Person)
class LoggedPersonAdmin(LoggedRegistryDataAdmin, PersonAdmin):
    """The registry's person admin, each page it shows logged."""

    log_action = AccessAction.ADMIN_PERSON

    def niss_shown(self, obj) -> list[str]:
        # The change page names the partner (raw-id widget: name and NISS).
        return [obj.niss, obj.partner.niss if obj.partner_id else ""]
