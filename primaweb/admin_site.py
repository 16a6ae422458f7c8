"""The administration site, for superusers only, with a second factor.

The Django admin has no notion of the agent's CPAS: a staff member with a view permission
would read every CPAS's requests, and one with the add permission on Profile could give
himself any CPAS. Rather than scope every admin class, only superusers (the operators of the
installation) may enter it; CPAS staff work in the application, scoped to their profile.

With `ADMIN_2FA` (on in production), a superuser also needs a TOTP code (django-otp), given on
the administration site's login page after the password, or a recovery code; a superuser who
logged in with a federal key (FAS) has a strong login already. `manage.py enroll_totp` gives
a superuser their TOTP key and recovery codes (docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.db import models

from primaweb.dates import BoundedDateField


def second_factor_done(request) -> bool:
    """A TOTP or recovery code given in this session, or a federal login."""
    from primaweb.fas.views import LEVEL_SESSION_KEY  # the admin site loads before the URLs

    return request.user.is_verified() or bool(request.session.get(LEVEL_SESSION_KEY))


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_superuser):
            return False
        return not settings.ADMIN_2FA or second_factor_done(request)

    # The login page asks for the TOTP code too when ADMIN_2FA is on (read at each request).
    # (django_otp.admin imports models: not before the app registry is ready.)
    @property
    def login_form(self):
        if not settings.ADMIN_2FA:
            return None
        from primaweb.admin_otp import AdminTwoFactorForm

        return AdminTwoFactorForm

    @property
    def login_template(self):
        if not settings.ADMIN_2FA:
            return None
        from django_otp.admin import OTPAdminSite

        return OTPAdminSite.login_template


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
