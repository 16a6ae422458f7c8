"""Every agent page acts for one CPAS: the profile the user selected after logging in.

`ActiveProfileMiddleware` puts that profile on `request.profile` (None when no valid one is
selected) and, for views not marked `@profile_not_required`, sends the user to role selection.
It is deny-by-default so that a new view cannot forget the check.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.shortcuts import redirect

from primaweb.models import Profile

SESSION_KEY = "active_profile_id"


def profile_not_required(view):
    view.profile_not_required = True
    return view


def get_active_profile(request) -> Profile | None:
    profile_id = request.session.get(SESSION_KEY)
    if profile_id is None or not request.user.is_authenticated:
        return None
    # The profile must still belong to the user (an admin may have removed it since).
    return Profile.objects.for_user(request.user).filter(pk=profile_id).first()


class ActiveProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.profile = None
        if request.user.is_authenticated:
            request.profile = get_active_profile(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "profile_not_required", False):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # public pages (login, citizen form)
        if request.path.startswith("/admin/"):
            return None  # Django admin has its own staff checks
        if request.user.is_authenticated and request.profile is None:
            return redirect("select_role")
        return None


class SessionIdleRefreshMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE without activity.

    Saving the session renews its expiry; doing it on every request would be a database write
    per page. Renewing it when the last renewal is older than SESSION_IDLE_REFRESH_SECONDS
    keeps the idle timeout exact to that many seconds.
    """

    KEY = "_idle_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_IDLE_REFRESH_SECONDS:
            session[self.KEY] = now
        return response
