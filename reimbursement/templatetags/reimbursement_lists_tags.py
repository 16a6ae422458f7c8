"""The rows of « Lister les formulaires », built in Python.

The list is the reimbursement's most used page (the benchmark measures it over 100,000 forms):
25 rows of template variables, includes and `{% url %}` tags cost several times the rest of
the page, as they did for the request list (requests_online_tags.request_rows). Every value
from the database is escaped with `html.escape`; the links are reversed once per page, and a
URL that does not resolve leaves the text without a link.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from decisions.models import DecisionType
from reimbursement.models import FormState

register = template.Library()


def url_pattern(name: str) -> str | None:
    """`/formulaires/{}/` for the URL name `name` with one integer argument, or None."""
    try:
        return escape(reverse(name, args=[0]).replace("/0/", "/{}/"))
    except NoReverseMatch:
        return None


def linked(pattern: str | None, pk: int, text: str) -> str:
    return f'<a href="{pattern.format(int(pk))}">{text}</a>' if pattern else text


@register.simple_tag
def form_rows(rows) -> str:
    """The <tr> of each row (reimbursement.selectors.FormRow)."""
    form_url = url_pattern("reimbursement:form")
    dossier_url = url_pattern("dossiers:detail")
    states = {value: escape(str(label)) for value, label in FormState.choices}
    decisions = {value: escape(str(label)) for value, label in DecisionType.choices}
    correction = escape(_("correction"))
    session = escape(_("séance du"))
    lines = []
    for row in rows:
        reference = linked(form_url, row.pk, escape(row.reference))
        if row.notice_status:
            reference += f'<br><span class="muted">{correction}</span>'
        number = linked(dossier_url, row.dossier_pk, escape(row.dossier_number))
        name = escape(f"{row.last_name} {row.first_names}".strip())
        sent = timezone.localtime(row.sent_at).strftime("%d/%m/%Y %H:%M") if row.sent_at else "/"
        lines.append(
            f'<tr><td class="nowrap">{reference}</td>'
            f"<td>{states.get(row.state, escape(row.state))}</td>"
            f"<td>{number}<br>{name}</td>"
            f"<td>{decisions.get(row.decision_type, '')}<br>"
            f"{session} {row.decision_date:%d/%m/%Y}</td>"
            f'<td class="nowrap">{sent}</td>'
            f"<td>{escape(row.social_worker) or '/'}</td>"
            f'<td class="number">{"/" if row.days_lost is None else int(row.days_lost)}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every interpolated value is escaped above
