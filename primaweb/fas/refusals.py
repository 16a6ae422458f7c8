"""Why a federal login did not open a session: one reason, one clear page, never a 500."""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _


class Reason(enum.Enum):
    """Each reason: the HTTP status of its page and the sentence the agent reads."""

    NOT_CONFIGURED = (
        404,
        _("La connexion avec une clé numérique fédérale n'est pas configurée sur ce serveur."),
    )
    MEANS_NOT_ACCEPTED = (400, _("Ce moyen d'identification n'est pas accepté pour Prima-web."))
    CANCELLED = (400, _("L'identification a été interrompue : vous n'êtes pas connecté."))
    STATE_MISMATCH = (
        400,
        _(
            "Cette connexion a expiré ou a été commencée dans une autre fenêtre : "
            "recommencez l'identification."
        ),
    )
    CODE_REFUSED = (
        400,
        _("Le code de connexion a expiré ou a déjà été utilisé : recommencez l'identification."),
    )
    PROVIDER_DOWN = (
        503,
        _("Le service d'authentification fédéral ne répond pas, réessayez plus tard."),
    )
    INVALID_TOKEN = (
        403,
        _(
            "La réponse du service d'authentification fédéral n'a pas pu être vérifiée : "
            "vous n'êtes pas connecté."
        ),
    )
    INVALID_USERINFO = (
        403,
        _(
            "Les données d'identité reçues du service d'authentification fédéral ne sont pas "
            "valides : vous n'êtes pas connecté."
        ),
    )
    LEVEL_REFUSED = (
        403,
        _(
            "Le moyen d'identification utilisé n'est pas assez sûr pour Prima-web : "
            "identifiez-vous avec votre carte eID ou avec itsme."
        ),
    )
    INVALID_NISS = (
        403,
        _(
            "Le numéro de registre national reçu du service d'authentification fédéral n'est "
            "pas valide : vous n'êtes pas connecté."
        ),
    )
    UNKNOWN_AGENT = (
        403,
        _("Vous n'avez pas accès à Prima-web : contactez le gestionnaire d'accès de votre CPAS."),
    )

    @property
    def status(self) -> int:
        return self.value[0]

    @property
    def message(self):
        return self.value[1]

    @property
    def code(self) -> str:
        return self.name.lower()


class FasRefusal(Exception):
    """Raised anywhere in the login; the callback view turns it into the reason's page."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__(f"{reason.code}: {detail}" if detail else reason.code)
        self.reason = reason
        self.detail = detail
