"""The home page menu, section by section, as in the manual.

An item names a URL; while that URL does not exist yet (a later capability), the item is shown
greyed out as "bientôt disponible" rather than as a dead link.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str | None = None
    admin_only: bool = False

    @property
    def url(self) -> str | None:
        return _url_or_none(self.url_name) if self.url_name else None


@functools.lru_cache(maxsize=128)
def _url_or_none(url_name: str) -> str | None:
    """Menu URLs never change while the process runs; every page shows the menu."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


MENU: list[tuple[str, list[MenuItem]]] = [
    (
        _("Informations sur le C.P.A.S."),
        [
            MenuItem(_("Fiche signalétique du C.P.A.S."), "cpas_info"),
            MenuItem(_("Assistants sociaux du C.P.A.S."), "cpas_agents"),
        ],
    ),
    (
        _("Accès"),
        [
            MenuItem(_("Mes accès"), "my_access"),
            MenuItem(_("Admin-Logs"), "accesslog:access_log"),
            MenuItem(_("Gestion des accès"), "access_management", admin_only=True),
        ],
    ),
    (
        _("Gestion des dossiers"),
        [
            MenuItem(_("Dossiers du C.P.A.S."), "dossiers:list"),
            MenuItem(_("Nouveau dossier"), "dossiers:identify"),
            MenuItem(_("Rechercher un dossier"), "dossiers:search"),
            MenuItem(
                _("Chercher les dossiers pour lesquels il reste des formulaires à envoyer"),
                "reimbursement_lists:to_send",
            ),
            MenuItem(_("Lister les formulaires"), "reimbursement_lists:list"),
            MenuItem(_("Exportation des allocations de chauffage pour une période")),
            MenuItem(_("Gérer les Rapports Sociaux Electroniques")),
            MenuItem(_("Échéancier"), "reimbursement_lists:schedule"),
        ],
    ),
    (
        _("Gestion des documents (+ envoi vers eBox)"),
        [MenuItem(_("Ajouter un document")), MenuItem(_("Gérer les documents"))],
    ),
    (
        _("Notifications SPP IS"),
        [
            MenuItem(_("Clignotants")),
            MenuItem(_("Blocages des formulaires"), "reimbursement_lists:blocked"),
            MenuItem(_("Changements de statuts")),
        ],
    ),
    (
        _("Mutations & Demandes CPAS Online"),
        [
            MenuItem(_("Consulter les mutations")),
            MenuItem(_("Consulter les demandes CPAS Online"), "requests_online:list"),
        ],
    ),
    (_("Collecte de statistiques"), []),
    (_("Projets Individualisés d'Intégration Sociale"), []),
]


def active_url(path: str) -> str:
    """The menu's URL this path is (the item marked `aria-current`), or "" for any other page.

    The only part of the path the side menu shows: its cache key takes this, one of a dozen
    values, never the path itself (every mistyped URL would make a key).
    """
    return path if path in _menu_urls() else ""


@functools.cache
def _menu_urls() -> frozenset[str]:
    return frozenset(item.url for _title, items in MENU for item in items if item.url)


def menu_for(profile) -> list[tuple[str, list[MenuItem]]]:
    """The sections with the items this profile may see."""
    is_admin = profile is not None and profile.is_cpas_admin
    return [
        (title, [item for item in items if is_admin or not item.admin_only])
        for title, items in MENU
    ]
