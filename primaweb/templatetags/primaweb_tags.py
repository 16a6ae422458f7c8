from django import template

from primaweb.menu import menu_for

register = template.Library()


@register.simple_tag
def main_menu(profile):
    return menu_for(profile)


@register.filter
def or_slash(value):
    """Unknown values are shown as "/", as in the manual."""
    if value is None or value == "":
        return "/"
    return value
