"""Real-browser journeys: Playwright's sync API driving Debian's Chromium against `live_server`.

- Every test here is marked `browser` and skipped, with a line in the terminal summary, when
  Chromium (or Playwright) is missing: `make test` then still passes but says so. With
  `BROWSER_TESTS=required` (set by .ci/run, which installs Chromium) a missing one is an error.
- Playwright starts *inside* the test (`web.start()`), after the test's data exists: no ORM
  call from the test thread while Playwright's event loop runs (on PostgreSQL it would open a
  second connection that nobody closes). Assertions read the pages, not the database.
- `web.check(step)` is the per-page routine: full-page screenshot under
  `test-artifacts/<journey>/` and an axe-core scan that fails on "serious" or "critical"
  violations. Every scan's results are written to `test-artifacts/axe/<journey>.jsonl`.
- Labels are the French ones of the manual, translated with Django's gettext for the page's
  language (`web.t("Rechercher")`), so the same journey also runs in Dutch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst

# CHROMIUM_PATH (to try another build, or a missing path to see the skip), else Debian's.
_CANDIDATES = (
    [os.environ["CHROMIUM_PATH"]]
    if os.environ.get("CHROMIUM_PATH")
    else ["/usr/bin/chromium", shutil.which("chromium")]
)
CHROMIUM = next((path for path in _CANDIDATES if path and Path(path).exists()), None)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "demo-password-123"  # tests.factories.UserFactory
FAILING_IMPACTS = {"serious", "critical"}
VIEWPORT = {"width": 1280, "height": 900}

try:
    import playwright.sync_api as sync_api
except ImportError:  # pragma: no cover - the test extra installs it
    sync_api = None

_SKIP_REASON = (
    "Playwright is not installed (pip install -e '.[test]')"
    if sync_api is None
    else None
    if CHROMIUM
    else "Chromium is not installed (apt-get install chromium)"
)
_skipped_browser_tests: list[str] = []
# Pages already scanned by axe in this run, by structure (see Web.structure): the login page
# or the role selection, met in every journey, is scanned once per language, not each time.
_scanned: set[tuple] = set()
# The elements of the page, without their text: same markup (up to the data shown), same scan.
STRUCTURE_JS = """() => [...document.querySelectorAll('body *')].map((e) => [
    e.tagName, e.getAttribute('role') || '', e.getAttribute('type') || '', e.className,
    e.hasAttribute('aria-invalid') ? 'invalid' : '',
].join(':')).join('|')"""


def pytest_collection_modifyitems(config, items):
    if _SKIP_REASON is None:
        return
    if os.environ.get("BROWSER_TESTS") == "required":  # CI: a missing browser is a failure
        raise pytest.UsageError(f"BROWSER_TESTS=required but {_SKIP_REASON}")
    skip = pytest.mark.skip(reason=f"browser test skipped: {_SKIP_REASON}")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
            _skipped_browser_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.write_sep(
            "!",
            f"{len(_skipped_browser_tests)} BROWSER TESTS SKIPPED: {_SKIP_REASON}",
            yellow=True,
            bold=True,
        )


class AccessibilityError(AssertionError):
    pass


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


class Web:
    """One Chromium for one test; `page` is the current tab."""

    def __init__(self, live_server_url: str, journey: str):
        self.base = live_server_url
        self.journey = journey
        self.language = "fr"
        self.steps = 0
        self.page = None
        self._playwright = None
        self._browser = None
        self._contexts = []
        self.scans: list[dict] = []

    # --- life cycle -------------------------------------------------------------------------

    def start(self, *, javascript: bool = True, width: int | None = None):
        self._playwright = sync_api.sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        self.width = width or VIEWPORT["width"]
        self.new_context(javascript=javascript)
        return self

    def new_context(self, *, javascript: bool = True):
        """A fresh browser profile (no cookies): another person at another desk."""
        context = self._browser.new_context(
            java_script_enabled=javascript,
            viewport={**VIEWPORT, "width": self.width},
            locale="fr-BE",
        )
        context.set_default_timeout(10_000)
        self._contexts.append(context)
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: "Refused" in message.text and self.errors.append(message.text),
        )
        self.language = "fr"
        self.javascript = javascript
        return self.page

    def stop(self):
        if self._browser is not None:
            for context in self._contexts:
                context.close()
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    # --- helpers ----------------------------------------------------------------------------

    def t(self, text: str) -> str:
        """The French label as the page shows it in the current language."""
        with translation.override(self.language):
            return translation.gettext(text)

    def url(self, path: str = "") -> str:
        return f"{self.base}{path}"

    def goto(self, path: str):
        self.page.goto(self.url(path))
        return self.page

    def path(self) -> str:
        return self.page.url.removeprefix(self.base)

    def click_button(self, label: str, **kwargs):
        self.page.get_by_role("button", name=self.t(label), **kwargs).click()

    def click_link(self, label: str, **kwargs):
        self.page.get_by_role("link", name=self.t(label), **kwargs).first.click()

    def n(self, label: str) -> re.Pattern:
        """The accessible name of a field labelled `label`, with or without Django's " :" and
        the asterisk of a required field."""
        return re.compile(rf"^\s*{re.escape(self.t(label))}\s*:?\s*\*?\s*$")

    def field(self, label: str):
        return self.page.get_by_label(self.n(label))

    def textbox(self, label: str):
        """A text field by the start of its label (Django adds " :" in French)."""
        return self.page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}"))

    def login(self, username: str, password: str = PASSWORD):
        self.goto("/connexion/")
        self.check("connexion")
        # Django's own labels (its catalogues translate them): "Nom d’utilisateur", "Mot de passe".
        with translation.override(self.language):
            username_label = capfirst(translation.gettext("username"))
            password_label = capfirst(translation.gettext("password"))
        self.textbox(username_label).fill(username)
        self.textbox(password_label).fill(password)
        self.click_button("Se connecter")
        self.page.wait_for_url(re.compile(r"/role/"))

    def select_role(self, role: str = "Agent Social", *, check: bool = True):
        if check:
            self.check("selection-du-role")
        self.page.get_by_role("button", name=re.compile(re.escape(self.t(role)))).first.click()
        self.page.wait_for_url(self.url("/"))

    def switch_language(self, code: str):
        """Through the header's form, as a person would: the same page comes back."""
        before = self.path()
        self.field("Langue").select_option(code)
        self.click_button("Changer")
        self.language = code
        self.page.wait_for_load_state()
        assert self.path() == before, (before, self.path())
        assert self.page.locator("html").get_attribute("lang") == code

    def logout(self):
        self.click_button("Se déconnecter")
        self.page.wait_for_url(re.compile(r"/connexion/"))

    def print_preview(self, step: str):
        """The page as printed (print.css): content only; screenshot of it."""
        self.page.emulate_media(media="print")
        try:
            for chrome in (".site-header", ".side-menu", ".site-footer", ".form-actions"):
                assert not self.page.locator(chrome).first.is_visible(), chrome
            assert self.page.locator("h1").is_visible()
            folder = ARTIFACTS / self.journey
            folder.mkdir(parents=True, exist_ok=True)
            self.steps += 1
            name = f"{self.steps:02d}-{step}-impression-{self.language}.png"
            self.page.screenshot(path=str(folder / name), full_page=True)
        finally:
            self.page.emulate_media(media="screen")

    # --- the per-page check -----------------------------------------------------------------

    def check(self, step: str, *, screenshot: bool = True):
        """Screenshot the page and scan it with axe-core; fail on serious/critical findings."""
        self.page.wait_for_load_state()
        assert self.errors == [], self.errors
        self.steps += 1
        name = f"{self.steps:02d}-{step}-{self.language}"
        if screenshot:
            folder = ARTIFACTS / self.journey
            folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        if self.javascript:
            # Responsive down to 1024 px: nothing sticks out sideways.
            overflow = self.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{self.path()}: {overflow} px wider than the window"
        if not self.javascript:
            # axe-core is a script: with JavaScript off it cannot run (and the server renders
            # the same markup as in the journeys with JavaScript, which are scanned).
            return None
        key = (
            re.sub(r"\d+", "N", urlsplit(self.page.url).path),
            self.language,
            self.width,
            hashlib.sha256(self.page.evaluate(STRUCTURE_JS).encode()).hexdigest(),
        )
        if key in _scanned:
            return None
        _scanned.add(key)
        violations = _axe().run(self.page).response["violations"]
        scan = {
            "journey": self.journey,
            "step": step,
            "language": self.language,
            "url": self.path(),
            "violations": [
                {
                    "id": violation["id"],
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "targets": [node["target"] for node in violation["nodes"]][:10],
                }
                for violation in violations
            ],
        }
        self.scans.append(scan)
        failing = [v for v in scan["violations"] if v["impact"] in FAILING_IMPACTS]
        if failing:
            raise AccessibilityError(
                f"axe-core on {scan['url']} ({name}):\n"
                + "\n".join(
                    f"  [{v['impact']}] {v['id']}: {v['help']} {v['targets']}" for v in failing
                )
            )
        return scan


@pytest.fixture
def web(request, live_server, monkeypatch):
    """`web.start()` once the test's data exists; closed (and scans saved) after the test."""
    if _SKIP_REASON is not None:
        pytest.skip(_SKIP_REASON)
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # are in its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    journey = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    web = Web(live_server.url, journey.removeprefix("test-"))
    shutil.rmtree(ARTIFACTS / web.journey, ignore_errors=True)  # this run's screenshots only
    yield web
    web.stop()
    if web.scans:
        folder = ARTIFACTS / "axe"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{web.journey}.jsonl", "w", encoding="utf-8") as out:
            for scan in web.scans:
                out.write(json.dumps(scan, ensure_ascii=False) + "\n")
