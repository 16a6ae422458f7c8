"""Settings of the CPAS Online requests benchmark: the project's, plus a bare template page.

Only `bench/requests_bench.py` uses this module (DJANGO_SETTINGS_MODULE=requests_settings with
bench/ on PYTHONPATH): the bare page does not exist in the project's own URLconf.
"""

from primaweb.settings import *  # noqa: F403

ROOT_URLCONF = "requests_urls"
# No collectstatic in a throwaway run: plain static URLs instead of the hashed manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Persistent connections, as production has them on PostgreSQL (CONN_MAX_AGE=60). Without
# them every SQLite request opens the file and, closing the last connection, checkpoints and
# deletes the WAL: ~15 ms of fsync per request that production never pays.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
