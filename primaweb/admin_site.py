"""The administration site, for superusers only.

The Django admin has no notion of the agent's CPAS: a staff member with a view permission
would read every CPAS's requests, and one with the add permission on Profile could give
himself any CPAS. Rather than scope every admin class, only superusers (the operators of the
installation) may enter it; CPAS staff work in the application, scoped to their profile.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class PrimawebAdminConfig(AdminConfig):
    default_site = "primaweb.admin_site.SuperuserAdminSite"
