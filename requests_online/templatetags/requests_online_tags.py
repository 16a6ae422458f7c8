from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def request_rows(rows, return_query: str):
    """The rows of the list table.

    Built in Python rather than with a template loop: the list is the agent's most used page
    and 50 rows of template variables cost several times the rest of the page. Every value
    goes through format_html's escaping.
    """
    details = _("Détails")
    # One reverse for the page: the URL of each row differs only by its pk.
    url_pattern = reverse("requests_online:details", args=[0]).replace("/0/", "/{}/")
    return format_html_join(
        "\n",
        '<tr><td class="reference">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td><a class="button button--small" href="{}?{}">{}<span class="visually-hidden"> {}'
        "</span></a></td></tr>",
        (
            (
                reference,
                submitted_on.strftime("%d/%m/%Y"),
                first_name,
                last_name,
                read_at_display(read_at),
                url_pattern.format(pk),
                return_query,
                details,
                reference,
            )
            for pk, reference, submitted_on, first_name, last_name, read_at in rows
        ),
    )


def read_at_display(read_at) -> str:
    if read_at is None:
        return "/"
    from django.utils import timezone

    return timezone.localtime(read_at).strftime("%d/%m/%Y")
