"""Superusers enter the administration site with a second factor (ADMIN_2FA, on in
production): a TOTP code after the password, or a recovery code; a federal login counts."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from primaweb.fas.views import LEVEL_SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-123"  # tests.factories.UserFactory
INDEX = "/admin/"


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA = True


@pytest.fixture
def root():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def enroll(username: str, *extra: str) -> tuple[TOTPDevice, list[str]]:
    out = io.StringIO()
    call_command("enroll_totp", username, "--no-qr", *extra, stdout=out)
    codes = re.findall(r"^  (\w+)$", out.getvalue(), re.M)
    assert "otpauth://totp/" in out.getvalue()
    return TOTPDevice.objects.get(user__username=username), codes


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def admin_login(client, **fields):
    return client.post(
        reverse("admin:login"),
        {"username": "root", "password": PASSWORD, "next": INDEX, **fields},
    )


def test_a_password_alone_does_not_open_the_admin(two_factor, root):
    enroll("root")
    client = Client()
    response = admin_login(client)
    assert response.status_code == 200
    assert client.get(INDEX).status_code == 302


def test_the_password_and_the_current_totp_code_open_the_admin(two_factor, root):
    device, _codes = enroll("root")
    client = Client()
    response = admin_login(client, otp_token=current_code(device))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert client.get(INDEX).status_code == 200


def test_a_wrong_code_is_refused(two_factor, root):
    device, _codes = enroll("root")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client = Client()
    assert admin_login(client, otp_token=wrong).status_code == 200
    assert client.get(INDEX).status_code == 302


def test_a_recovery_code_works_once(two_factor, root):
    _device, codes = enroll("root")
    assert len(codes) == 10
    first = Client()
    assert admin_login(first, otp_token=codes[0]).status_code == 302
    assert first.get(INDEX).status_code == 200
    again = Client()
    assert admin_login(again, otp_token=codes[0]).status_code == 200


def test_a_logged_in_superuser_without_the_second_factor_is_sent_to_the_admin_login(
    two_factor, root
):
    client = Client()
    client.force_login(root)
    response = client.get(INDEX)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_a_federal_login_is_strong_enough(two_factor, root):
    client = Client()
    client.force_login(root)
    session = client.session
    session[LEVEL_SESSION_KEY] = "urn:be:fedict:iam:fas:Level500"
    session.save()
    assert client.get(INDEX).status_code == 200


def test_a_second_factor_does_not_make_staff_superusers(two_factor):
    UserFactory(username="staff", is_staff=True, is_superuser=False)
    with pytest.raises(CommandError):
        call_command("enroll_totp", "staff", "--no-qr", stdout=io.StringIO())


def test_enrolling_again_needs_reset_and_the_old_key_stops_working(two_factor, root):
    old, old_codes = enroll("root")
    with pytest.raises(CommandError, match="--reset"):
        call_command("enroll_totp", "root", "--no-qr", stdout=io.StringIO())
    new, new_codes = enroll("root", "--reset")
    assert old.key != new.key
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert admin_login(Client(), otp_token=new_codes[0]).status_code == 302


def test_without_admin_2fa_the_password_is_enough(settings, root):
    settings.ADMIN_2FA = False
    client = Client()
    assert admin_login(client).status_code == 302
    assert client.get(INDEX).status_code == 200
