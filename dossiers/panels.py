"""Sections that higher apps add to the dossier's main page.

The DIS instruction and the reimbursement forms live in apps above `dossiers`, which may not
import them. Each of those apps registers a function here (in its `AppConfig.ready`); the main
page calls each with the request and the dossier and shows the HTML it returns, in the order of
registration (the order of INSTALLED_APPS). A panel scopes its own queries to the dossier.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest, "Dossier"], SafeString]  # noqa: F821 (dossiers.models.Dossier)

_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def render_panels(request: HttpRequest, dossier) -> list[SafeString]:
    return [html for panel in _PANELS if (html := panel(request, dossier))]
