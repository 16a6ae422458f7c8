from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def request_rows(rows, return_query: str):
    """The rows of the list table.

    Built in Python rather than with a template loop: the list is the agent's most used page
    and 50 rows of template variables cost several times the rest of the page. Every value
    from the database or the request is escaped with `html.escape` (Django's `escape` does the
    same, plus lazy-string handling these plain strings do not need).
    """
    details = escape(_("Détails"))
    query = escape(return_query)
    # One reverse for the page: the URL of each row differs only by its pk (an integer).
    url_pattern = escape(reverse("requests_online:details", args=[0]).replace("/0/", "/{}/"))
    lines = []
    for pk, reference, submitted_on, first_name, last_name, read_at in rows:
        reference = escape(reference)
        lines.append(
            f'<tr><td class="reference">{reference}</td><td>{submitted_on:%d/%m/%Y}</td>'
            f"<td>{escape(first_name)}</td><td>{escape(last_name)}</td>"
            f"<td>{read_at_display(read_at)}</td>"
            f'<td><a class="button button--small" href="{url_pattern.format(int(pk))}?{query}">'
            f'{details}<span class="visually-hidden"> {reference}</span></a></td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every interpolated value is escaped above


def read_at_display(read_at) -> str:
    if read_at is None:
        return "/"
    from django.utils import timezone

    return timezone.localtime(read_at).strftime("%d/%m/%Y")
