from django import template

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
