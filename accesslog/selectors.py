"""Reads of the access log: what « Admin-Logs » lists for a profile."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from accesslog.forms import AccessLogFilterForm
from accesslog.models import AccessLogEntry

LOG_ENTRIES_PER_PAGE = 50


def access_log_page(*, profile, user, form: AccessLogFilterForm, page_number: str | None) -> Page:
    """The page of entries the form selects, newest first: the whole CPAS for its
    administrator, the agent's own consultations for anybody else.

    `Paginator.get_page` reads `page_number`: anything that is not a number gives the first
    page, a number past the end the last one."""
    entries = AccessLogEntry.objects.for_cpas(profile.cpas)
    if not profile.is_cpas_admin:
        entries = entries.by_agent(user)
    entries = form.filter_qs(entries).newest_first()
    return Paginator(entries, LOG_ENTRIES_PER_PAGE).get_page(page_number)
