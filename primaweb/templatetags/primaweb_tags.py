from decimal import Decimal, InvalidOperation

from django import template

from primaweb.amounts import format_euros
from primaweb.menu import active_url, menu_for

register = template.Library()


@register.simple_tag
def main_menu(profile):
    return menu_for(profile)


@register.simple_tag
def active_menu_url(path):
    """The menu item's URL the page is, or "": the side menu's cache key (a bounded set)."""
    return active_url(path)


@register.filter
def or_slash(value):
    """Unknown values are shown as "/", as in the manual."""
    if value is None or value == "":
        return "/"
    return value


@register.filter
def euros(value):
    """« 1.234,56 € » in every language, as agents read amounts (primaweb/amounts.py).
    Nothing is shown for no value; a value that is not a number is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        return format_euros(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return value
