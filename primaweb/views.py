from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaweb.fas import config as fas_config
from primaweb.fas.views import end_session_url
from primaweb.forms import RoleChoiceForm
from primaweb.menu import menu_for
from primaweb.middleware import SESSION_KEY, profile_not_required
from primaweb.models import Profile


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The federal keys' buttons (primaweb/fas/) and, when `PASSWORD_LOGIN` is on (the demo,
    a local installation), the user name and password form."""

    template_name = "primaweb/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        offered = fas_config.offered_means()
        return super().get_context_data(
            password_login=settings.PASSWORD_LOGIN,
            fas_means=offered,
            fas_unavailable=[m for m in fas_config.MEANS if m not in offered],
            **kwargs,
        )


@method_decorator(profile_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """Django's logout accepts POST only, so a link or a prefetch cannot log anybody out.
    A federal session also ends at the provider (end-session with `id_token_hint`)."""

    def post(self, request, *args, **kwargs):
        provider_logout = end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_logout) if provider_logout else response


@profile_not_required
@require_http_methods(["GET", "POST"])
def select_role(request):
    profiles = Profile.objects.for_user(request.user)
    if not profiles:
        return render(request, "primaweb/no_profile.html", status=403)
    if request.method == "POST":
        form = RoleChoiceForm(request.POST, profiles=profiles)
        if not form.is_valid():
            raise Http404(_("Ce profil ne vous appartient pas."))
        request.session[SESSION_KEY] = form.cleaned_data["profile"].pk
        # A new profile means a new CPAS: keep nothing of the old one.
        request.session.cycle_key()
        return redirect("home")
    # As in the manual, each button reads the role ("Agent Social"); the CPAS is named beside
    # it only when the user's profiles span several CPAS.
    several_cpas = len({profile.cpas_id for profile in profiles}) > 1
    return render(
        request,
        "primaweb/select_role.html",
        {"profiles": profiles, "several_cpas": several_cpas},
    )


def home(request):
    return render(request, "primaweb/home.html", {"menu": menu_for(request.profile)})


def cpas_info(request):
    cpas = request.profile.cpas
    municipalities = cpas.municipalities.prefetch_related("postal_codes")
    return render(
        request, "primaweb/cpas_info.html", {"cpas": cpas, "municipalities": municipalities}
    )


def cpas_agents(request):
    cpas = request.profile.cpas
    agents = (
        User.objects.filter(profiles__cpas=cpas, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    profiles = Profile.objects.filter(cpas=cpas).order_by("role")
    roles_by_user: dict[int, list[str]] = {}
    for profile in profiles:
        roles_by_user.setdefault(profile.user_id, []).append(profile.get_role_display())
    rows = [(agent, roles_by_user.get(agent.pk, [])) for agent in agents]
    return render(request, "primaweb/cpas_agents.html", {"cpas": cpas, "rows": rows})


def my_access(request):
    profiles = Profile.objects.for_user(request.user)
    return render(request, "primaweb/my_access.html", {"profiles": profiles})
