"""Journeys 1 and 5: an agent consults the CPAS Online requests, with the mouse and by keyboard."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import OnlineRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(day: str):
    moment = timezone.make_aware(datetime.strptime(f"{day} 10:30", "%d/%m/%Y %H:%M"))
    return {"submitted_at": moment, "submitted_on": moment.date()}


@pytest.fixture
def inbox(cpas, agent_profile, colleague_profile, other_cpas):
    """Two unread requests, two read ones (July and May 2024), one of another CPAS."""
    reader = colleague_profile.user
    OnlineRequestFactory(
        cpas=cpas,
        reference="2A90072YKMHZ",
        first_name="Louise",
        last_name="Delacroix",
        **at("24/07/2024"),
    )
    OnlineRequestFactory(
        cpas=cpas,
        reference="UNREADB00002",
        first_name="Marc",
        last_name="Lambert",
        **at("02/08/2024"),
    )
    OnlineRequestFactory(
        cpas=cpas,
        reference="READJULY0003",
        first_name="Anne",
        last_name="Peeters",
        read_at=timezone.make_aware(datetime(2024, 7, 12, 9)),
        read_by=reader,
        **at("10/07/2024"),
    )
    OnlineRequestFactory(
        cpas=cpas,
        reference="READMAY00004",
        first_name="Jean",
        last_name="Dubois",
        read_at=timezone.make_aware(datetime(2024, 5, 3, 9)),
        read_by=reader,
        **at("01/05/2024"),
    )
    OnlineRequestFactory(
        cpas=other_cpas,
        reference="LIEGE0000005",
        postal_code="4000",
        locality="Liège",
        **at("20/07/2024"),
    )
    return agent_profile


def table_text(web) -> str:
    return web.page.locator("table.request-table").inner_text()


def date_group(web, legend: str):
    """The fieldset of a date of the list (« soumises à partir du », « jusqu'au »)."""
    return web.page.get_by_role("group", name=web.n(legend))


def date_box(web, legend: str, box: str):
    """One box of a date: « Jour (JJ) », « Mois (MM) » or « Année (AAAA) »."""
    return date_group(web, legend).get_by_label(web.t(box))


def type_date(web, legend: str, day: str, month: str, year: str):
    date_box(web, legend, "Jour (JJ)").fill(day)
    date_box(web, legend, "Mois (MM)").fill(month)
    date_box(web, legend, "Année (AAAA)").fill(year)


def consult_requests(web, *, language: str):
    """Journey 1, with the labels of `language` (the login page is always reached in French)."""
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)
    web.check("page-d-accueil")
    web.click_link("Consulter les demandes CPAS Online")
    web.page.wait_for_url(re.compile(r"/demandes-cpas-online/"))

    # Unread by default.
    web.check("demandes-non-lues")
    rows = table_text(web)
    assert "2A90072YKMHZ" in rows and "UNREADB00002" in rows
    assert "READJULY0003" not in rows and "LIEGE0000005" not in rows

    # "Demandes" → "lues", submitted from 01/07/2024 to 31/07/2024.
    page = web.page
    page.get_by_role("radio", name=web.t("Demandes"), exact=True).check()
    page.get_by_role("combobox", name=web.n("Demandes")).select_option(label=web.t("lues"))
    type_date(web, "soumises à partir du", "01", "07", "2024")
    type_date(web, "jusqu'au", "31", "07", "2024")
    web.click_button("Rechercher")
    page.wait_for_url(re.compile(r"state=lues"))
    web.check("demandes-lues-periode")
    rows = table_text(web)
    assert "READJULY0003" in rows and "12/07/2024" in rows
    assert "READMAY00004" not in rows and "2A90072YKMHZ" not in rows
    assert date_box(web, "soumises à partir du", "Mois (MM)").input_value() == "07"

    # A year out of 1900-2100: the message on that date only, the boxes kept.
    date_box(web, "jusqu'au", "Année (AAAA)").fill("2101")
    web.click_button("Rechercher")
    page.wait_for_url(re.compile(r"date_to_year=2101"))
    web.check("periode-hors-limites")
    assert "2100" in page.locator("#id_date_to_error").inner_text()
    assert page.locator("#id_date_from_error").count() == 0
    assert date_box(web, "jusqu'au", "Année (AAAA)").get_attribute("aria-invalid") == "true"
    assert date_box(web, "jusqu'au", "Année (AAAA)").input_value() == "2101"
    date_box(web, "jusqu'au", "Année (AAAA)").fill("2024")

    # "Référence" (case and spaces ignored): « Rechercher » opens the request.
    page.get_by_role("radio", name=web.t("Référence"), exact=True).check()
    web.page.get_by_role("textbox", name=web.n("Référence")).fill(" 2a90072ykmhz ")
    web.click_button("Rechercher")
    page.wait_for_url(re.compile(r"/demandes-cpas-online/\d+/"))
    web.check("details-non-lue")
    assert "Louise" in page.content() and "24/07/2024" in page.content()
    web.click_button("Marquer comme lu")
    page.get_by_role("button", name=web.t("Marquer comme non lu")).wait_for()
    web.check("details-lue")
    web.print_preview("details-lue")
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert today in page.locator(".read-status").inner_text()
    web.click_link("Retour")
    # Back to the search by reference, shown as a list this time.
    page.wait_for_url(re.compile(r"/demandes-cpas-online/\?.*mode=reference.*liste=1"))
    assert page.get_by_role("radio", name=web.t("Référence"), exact=True).is_checked()
    assert (
        web.page.get_by_role("textbox", name=web.n("Référence")).input_value().strip().upper()
        == "2A90072YKMHZ"
    )
    row = page.get_by_role("row", name=re.compile("2A90072YKMHZ"))
    assert today in row.inner_text()
    web.check("retour-liste")


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_journey_1_consult_requests(inbox, web, language):
    web.start()
    consult_requests(web, language=language)


# --- journey 5: keyboard only ------------------------------------------------------------

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)


def tab_order_check(web, *, limit: int = 120):
    """Tab through the whole page: every visible control is reached, each with a visible focus."""
    page = web.page
    expected = page.evaluate(
        """(selector) => {
            const els = [...document.querySelectorAll(selector)].filter((el) => {
              if (el.tabIndex < 0) return false;
              const style = getComputedStyle(el);
              if (style.visibility === 'hidden' || style.display === 'none') return false;
              const box = el.getBoundingClientRect();
              if (el.closest('.skip-link') || el.classList.contains('skip-link')) return true;
              return box.width > 1 && box.height > 1;
            });
            // One stop per radio group (arrow keys move inside it).
            const seen = new Set();
            return els.filter((el) => {
              if (el.type !== 'radio') return true;
              if (seen.has(el.name)) return false;
              seen.add(el.name);
              return true;
            }).map((el, i) => { el.dataset.kbd = String(i); return i; }).length;
        }""",
        FOCUSABLE,
    )
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached, unfocused = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const outlined =
                  style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                const shadow = style.boxShadow && style.boxShadow !== 'none';
                return {
                  kbd: el.dataset.kbd ?? (el.type === 'radio' ? 'radio:' + el.name : null),
                  name: (el.textContent || el.name || el.id || '').trim().slice(0, 40),
                  visible: outlined || !!shadow,
                };
            }"""
        )
        if info is None:  # past the last control (the browser's own UI): it wraps around
            continue
        if info["kbd"] in reached:
            break
        reached.add(info["kbd"])
        if not info["visible"]:
            unfocused.append(info["name"])
    assert unfocused == [], f"focus not visible on {unfocused}"
    missing = {str(i) for i in range(expected)} - {k for k in reached if k is not None}
    # A radio group's stop is the checked radio, tagged or not.
    radio_stops = sum(1 for k in reached if k and k.startswith("radio:"))
    assert len(missing) <= radio_stops, (
        f"{sorted(missing)} not reachable of {expected}; reached {reached}"
    )


def press_on(web, locator, key: str = "Enter", *, limit: int = 150):
    """Tab until `locator` has the focus, then press `key`."""
    target = locator.element_handle()
    for _ in range(limit):
        if web.page.evaluate("(el) => el === document.activeElement", target):
            web.page.keyboard.press(key)
            return
        web.page.keyboard.press("Tab")
    raise AssertionError(f"never reached by Tab: {locator}")


def test_journey_5_keyboard_only(inbox, web):
    web.start()
    page = web.page
    web.goto("/connexion/")
    tab_order_check(web)
    press_on(web, web.textbox("Nom d’utilisateur"), "a")
    page.keyboard.press("Backspace")
    page.keyboard.type("agent")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password-123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/role/"))
    tab_order_check(web)
    press_on(web, page.get_by_role("button", name=re.compile("Agent Social")), "Space")
    page.wait_for_url(web.url("/"))
    tab_order_check(web)
    press_on(web, page.get_by_role("link", name="Consulter les demandes CPAS Online").first)
    page.wait_for_url(re.compile(r"/demandes-cpas-online/"))
    tab_order_check(web)

    # The skip link is the first stop, visible when focused, and leads to the content.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    web.check("lien-d-evitement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"

    # "lues" with a date range, by keyboard.
    press_on(web, page.get_by_role("radio", name="Demandes", exact=True), "Space")
    state = page.get_by_role("combobox", name=web.n("Demandes"))
    press_on(web, state, "ArrowDown")
    assert state.input_value() == "lues"
    # The three boxes of « soumises à partir du », then a whole date in the first box of
    # « jusqu'au ».
    press_on(web, date_box(web, "soumises à partir du", "Jour (JJ)"), "Home")
    page.keyboard.type("01")
    page.keyboard.press("Tab")
    page.keyboard.type("07")
    page.keyboard.press("Tab")
    page.keyboard.type("2024")
    press_on(web, date_box(web, "jusqu'au", "Jour (JJ)"), "Home")
    page.keyboard.type("31/07/2024")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"state=lues"))
    assert "READJULY0003" in table_text(web)
    web.check("clavier-demandes-lues")

    # "Référence", then "Détails", "Marquer comme lu" and "Retour", all by keyboard.
    press_on(web, page.get_by_role("radio", name="Demandes", exact=True), "ArrowRight")
    assert page.get_by_role("radio", name="Référence", exact=True).is_checked()
    press_on(web, web.page.get_by_role("textbox", name=web.n("Référence")), "Home")
    page.keyboard.type("2A90072YKMHZ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/demandes-cpas-online/\d+/"))
    tab_order_check(web)
    press_on(web, page.get_by_role("button", name="Marquer comme lu"), "Space")
    page.get_by_role("button", name="Marquer comme non lu").wait_for()
    web.check("clavier-details-lue")
    press_on(web, page.get_by_role("link", name="Retour"))
    page.wait_for_url(re.compile(r"/demandes-cpas-online/\?.*liste=1"))
    assert "mode=reference" in web.path()
    # From the list shown on the way back, « Détails » opens the request again.
    press_on(web, page.get_by_role("link", name=re.compile(r"Détails\s+2A90072YKMHZ")))
    page.wait_for_url(re.compile(r"/demandes-cpas-online/\d+/"))
