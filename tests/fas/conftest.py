"""A real OpenID Connect provider shaped like FAS, for the federal login's tests.

`fas_server` (once per run) starts tests/fas/provider/server.mjs (npm's `oidc-provider`, run by
node) on a free port of 127.0.0.1 and stops it at the end. `fas` (per test) resets it (client,
accounts, tampering mode), points the FAS_* settings at it and drives the provider's login
page the way a browser would, with `requests`, while the Django test client plays Primaweb's
side. Without node or the provider's packages (`npm ci --prefix tests/fas/provider`, which
`make test` and .ci/run do), these tests are skipped with a banner; with
FAS_PROVIDER_TESTS=required (.ci/run) that is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.sessions.models import Session
from django.test import Client

from primaweb.fas import config
from primaweb.fas.identity import link_identity

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
NODE = shutil.which("node")
CLIENT_ID = "primaweb"
CLIENT_SECRET = "primaweb-test-secret"  # noqa: S105 - the local test provider's
CALLBACK = "/connexion/fas/retour/"
TESTSERVER = "http://testserver"
# Valid national numbers (python-stdnum agrees): born 30/07/1985 and 01/02/1990.
AGENT_NRN = "85073003328"
OTHER_NRN = "90020100130"
_skipped: list[str] = []


def _missing() -> str | None:
    if NODE is None:
        return "node is not installed"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return "the provider's packages are missing (npm ci --prefix tests/fas/provider)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason is None:
        return
    ours = [item for item in items if "fas_server" in getattr(item, "fixturenames", ())]
    if ours and os.environ.get("FAS_PROVIDER_TESTS") == "required":
        raise pytest.UsageError(f"FAS_PROVIDER_TESTS=required but {reason}")
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=f"FAS provider test skipped: {reason}"))
        _skipped.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_sep(
            "!", f"{len(_skipped)} FAS PROVIDER TESTS SKIPPED: {_missing()}", yellow=True
        )


@dataclass
class FasServer:
    issuer: str
    process: subprocess.Popen

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def reset(self, **body):
        response = requests.post(f"{self.origin}/_test/reset", json=body, timeout=10)
        response.raise_for_status()


@pytest.fixture(scope="session")
def fas_server():
    reason = _missing()
    if reason is not None:  # a test outside tests/fas that imports the fixture
        if os.environ.get("FAS_PROVIDER_TESTS") == "required":
            pytest.fail(f"FAS_PROVIDER_TESTS=required but {reason}")
        pytest.skip(f"FAS provider test skipped: {reason}")
    log = open(PROVIDER_DIR / "provider.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [NODE, "server.mjs"], cwd=PROVIDER_DIR, stdout=subprocess.PIPE, stderr=log, text=True
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()))
    reader.start()
    reader.join(30)
    if not first_line or not first_line[0].startswith("listening "):
        process.kill()
        raise RuntimeError(f"the FAS test provider did not start: {first_line}")
    yield FasServer(issuer=first_line[0].split()[1], process=process)
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@dataclass
class Fas:
    """The provider of one test, and a person's way through it."""

    server: FasServer
    settings: object
    redirect_uris: list[str]
    logout_uris: list[str]
    browser: requests.Session = field(default_factory=requests.Session)

    @property
    def issuer(self) -> str:
        return self.server.issuer

    def reset(self, *, accounts=None, mode="", code_ttl=60):
        self.server.reset(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=self.redirect_uris,
            post_logout_redirect_uris=self.logout_uris,
            accounts=accounts or {},
            mode=mode,
            code_ttl=code_ttl,
        )

    def mode(self, mode: str, **kwargs):
        self.reset(mode=mode, **kwargs)

    # --- the provider's pages, as a browser goes through them ----------------------------------

    def follow(self, url: str, *, method="GET", data=None) -> requests.Response:
        """Follows the provider's redirects until it answers a page or sends the browser back
        to Primaweb (then the response is that redirect)."""
        response = self.browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        while response.is_redirect:
            target = urljoin(response.url, response.headers["location"])
            if not target.startswith(self.server.origin):
                return response
            response = self.browser.get(target, allow_redirects=False, timeout=10)
        return response

    def start(self, client: Client, means: str = "eid", **query) -> str:
        """The key's button on the login page: Primaweb's redirect to the provider."""
        response = client.get("/connexion/fas/", {"moyen": means, **query})
        assert response.status_code == 302, response.content.decode()[:500]
        return response.url

    def authenticate(self, authorize_url: str, nrn: str, level: str | None = None) -> str:
        """The provider's login page: the national number and the level used. Returns the
        URL the provider sends the browser back to (Primaweb's callback)."""
        page = self.follow(authorize_url)
        assert page.status_code == 200, page.text[:500]
        action = unescape(re.search(r'<form method="post" action="([^"]+)"', page.text).group(1))
        requested = re.search(r'<option value="([^"]+)" selected', page.text).group(1)
        back = self.follow(
            urljoin(page.url, action), method="POST", data={"nrn": nrn, "level": level or requested}
        )
        assert back.is_redirect, back.text[:500]
        return back.headers["location"]

    def callback(self, client: Client, url: str):
        parts = urlsplit(url)
        assert parts.path == CALLBACK, url
        return client.get(f"{parts.path}?{parts.query}")

    def login(self, client: Client, nrn: str = AGENT_NRN, means="eid", level=None):
        """The whole journey: button, provider, back to Primaweb; the callback's response."""
        return self.callback(client, self.authenticate(self.start(client, means), nrn, level))

    def end_session(self, url: str) -> requests.Response:
        """The provider's end-session page: confirm, and get sent back."""
        page = self.follow(url)
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page.text, re.S)
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
        return self.follow(
            urljoin(page.url, unescape(form.group(1))),
            method="POST",
            data={**fields, "logout": "yes"},
        )


@pytest.fixture
def fas(fas_server, settings, request):
    bases = [TESTSERVER]
    if "live_server" in request.fixturenames:
        bases.append(request.getfixturevalue("live_server").url)
    settings.FAS_ISSUER = fas_server.issuer
    settings.FAS_CLIENT_ID = CLIENT_ID
    settings.FAS_CLIENT_SECRET = CLIENT_SECRET
    settings.FAS_TIMEOUT = 5
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {
            **policy["DIRECTIVES"],
            "form-action": ["'self'", fas_server.origin],
        },
    }
    helper = Fas(
        server=fas_server,
        settings=settings,
        redirect_uris=[base + CALLBACK for base in bases],
        logout_uris=[base + "/connexion/" for base in bases],
    )
    helper.reset()
    assert config.is_enabled()
    yield helper
    helper.browser.close()


@pytest.fixture
def registered_agent(agent_profile):
    """The insider agent of tests/conftest.py, registered with their national number."""
    link_identity(user=agent_profile.user, national_number=AGENT_NRN)
    return agent_profile


def authenticated_sessions() -> list[dict]:
    """The stored sessions that hold a logged-in user (none after any refusal)."""
    return [
        data
        for session in Session.objects.all()
        if "_auth_user_id" in (data := session.get_decoded())
    ]
