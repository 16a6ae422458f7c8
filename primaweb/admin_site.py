"""The administration site, for superusers only.

The Django admin has no notion of the agent's CPAS: a staff member with a view permission
would read every CPAS's requests, and one with the add permission on Profile could give
himself any CPAS. Rather than scope every admin class, only superusers (the operators of the
installation) may enter it; CPAS staff work in the application, scoped to their profile.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.db import models

from primaweb.dates import BoundedDateField


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class PrimawebAdminConfig(AdminConfig):
    default_site = "primaweb.admin_site.SuperuserAdminSite"


class BoundedDatesAdmin:
    """Mixed into a ModelAdmin: its date fields refuse years before 1900 and after 2100 with
    the message of every other date field of the product (primaweb/dates.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            kwargs.setdefault("form_class", BoundedDateField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
