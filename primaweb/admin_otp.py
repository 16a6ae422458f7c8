"""The administration site's login form with the second factor (django-otp).

django-otp asks the user to pick a device before it checks a code; here the code says which:
six digits are the TOTP application's, anything else a recovery code. Only the devices of the
user who gave the right password are looked at.
"""

from __future__ import annotations

from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class AdminTwoFactorForm(OTPAdminAuthenticationForm):
    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            token = (self.cleaned_data.get("otp_token") or "").strip()
            model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
            device = model.objects.devices_for_user(user).first()
        return device
