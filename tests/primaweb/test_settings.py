import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "TESTING"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_python(
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'primaweb.settings';"
        "django.setup()"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING"}},
            "SECRET_KEY": "production-like-secret-" + "x9Q!" * 12,
            "ALLOWED_HOSTS": "primaweb.example.be",
            "SECURE_SSL_REDIRECT": "true",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_counts(settings):
    from django.apps import apps

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = {m._meta.label: m.objects.count() for m in apps.get_models()}
    call_command("seed_demo", stdout=io.StringIO())
    second = {m._meta.label: m.objects.count() for m in apps.get_models()}
    assert first == second
    assert first["primaweb.Cpas"] >= 3
    assert first["auth.User"] >= 4


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_when_debug_is_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuse de s.exécuter quand DEBUG est désactivé"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_the_cpas_fixture_loads_with_loaddata():
    from primaweb.models import Cpas, PostalCode

    call_command("loaddata", "cpas", verbosity=0)
    assert Cpas.objects.filter(name="CPAS de Herstappe").exists()
    assert PostalCode.objects.for_code("4000").first().municipality.cpas.name == "CPAS de Liège"


def test_the_cache_comes_from_cache_url_with_local_memory_by_default():
    code = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'primaweb.settings';"
        "django.setup();"
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND'])"
    )
    default = run_python(code, DEBUG="true")
    assert default.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
    redis = run_python(code, DEBUG="true", CACHE_URL="redis://cache.internal:6379/1")
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
