"""Journey 3: a citizen submits the public form; the agent of that CPAS sees the request unread,
an agent of another CPAS does not."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_citizen_form(web, language: str) -> str:
    page = web.page
    web.goto("/connexion/")
    if language != "fr":
        web.switch_language(language)
    page.get_by_role("link", name=re.compile(re.escape(web.t("Demande d'aide en ligne")))).click()
    page.wait_for_url(re.compile(r"/demande-en-ligne/$"))
    web.check("formulaire-vide")

    # Sent empty first: the errors are announced and tied to their fields.
    web.click_button("Envoyer la demande")
    page.get_by_role("alert").first.wait_for()
    web.check("formulaire-erreurs")
    first_name = web.field("Prénom")
    assert first_name.get_attribute("aria-invalid") == "true"
    described = first_name.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described.split() if i.endswith("_error")]
    assert error_ids and page.locator(f"#{error_ids[0]}").inner_text().strip()

    first_name.fill("Louise")
    web.field("Nom").fill("Delacroix")
    web.field("Date de naissance").fill("24/03/1997")
    web.field("Adresse e-mail").fill("louise@example.be")
    web.field("Numéro de téléphone").fill("0484 56 78 62")
    web.field("Rue").fill("Rue de l'Église")
    web.field("Numéro").fill("12")
    web.field("Code postal").fill("3717")
    web.field("Localité").fill("Herstappe")
    web.field("Nature de la demande").select_option(
        label=web.t("aide financière frais d'énergie (électricité, gaz, mazout)")
    )
    web.field("Description de votre demande").fill("Facture de chauffage impayée.")
    page.get_by_role("group", name=web.n("Vivez-vous à votre adresse de résidence ?")).get_by_role(
        "radio", name=web.t("OUI")
    ).check()
    web.click_button("Envoyer la demande")
    page.wait_for_url(re.compile(r"/demande-en-ligne/confirmation/"))
    web.check("confirmation")
    assert "CPAS de Herstappe" in page.locator("main").inner_text()
    reference = page.locator("strong.reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{12}", reference)
    return reference


def unread_references(web, username: str) -> str:
    web.new_context()
    web.login(username)
    web.select_role()
    web.click_link("Consulter les demandes CPAS Online")
    web.page.wait_for_url(re.compile(r"/demandes-cpas-online/"))
    return web.page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_journey_3_citizen_request_reaches_its_cpas_only(
    cpas, other_cpas, agent_profile, outsider_profile, web, language
):
    web.start()
    reference = submit_citizen_form(web, language)

    inbox = unread_references(web, "agent")
    web.check("demandes-non-lues-herstappe")
    assert reference in inbox
    assert "Delacroix" in inbox

    inbox = unread_references(web, "outsider")
    web.check("demandes-non-lues-liege")
    assert reference not in inbox
    # Not even by its reference.
    web.page.get_by_role("radio", name=web.t("Référence"), exact=True).check()
    web.page.get_by_role("textbox", name=web.n("Référence")).fill(reference)
    web.click_button("Rechercher")
    web.page.wait_for_url(re.compile(r"mode=reference"))
    assert web.t("Aucune demande ne correspond à votre recherche") in web.page.content()
    web.check("reference-inconnue-liege")
