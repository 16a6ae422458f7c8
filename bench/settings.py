"""Settings of the benchmarks (DJANGO_SETTINGS_MODULE=bench.settings): the project's, plus a
bare template page (`bench/urls.py`), plain static files and persistent connections.

The benchmark processes and the gunicorn they start run from the project root, where the
`bench` package is found.
"""

from primaweb.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# No collectstatic in a throwaway run: plain static URLs instead of the hashed manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Persistent connections, as production has them on PostgreSQL (CONN_MAX_AGE=60). Without
# them every SQLite request opens the file and, closing the last connection, checkpoints and
# deletes the WAL: ~15 ms of fsync per request that production never pays.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
