from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from primaweb import access_views, health, views
from primaweb.fas.views import FasCallbackView, FasLoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    # The federal login (FAS): a key's button starts it, the provider comes back to `retour/`.
    path("connexion/fas/", FasLoginView.as_view(), name="fas_login"),
    path("connexion/fas/retour/", FasCallbackView.as_view(), name="fas_callback"),
    # Health checks for the load balancer (primaweb/health.py): no login, no data.
    path("healthz/", health.liveness, name="liveness"),
    path("readyz/", health.readiness, name="readiness"),
    path("role/", views.select_role, name="select_role"),
    path("cpas/fiche/", views.cpas_info, name="cpas_info"),
    path("cpas/assistants/", views.cpas_agents, name="cpas_agents"),
    path("acces/", views.my_access, name="my_access"),
    path("acces/gestion/", access_views.access_management, name="access_management"),
    path("", include("requests_online.urls")),
    path("", include("dossiers.urls")),
    path("", include("accesslog.urls")),
    path("", include("instruction.urls")),
    path("", include("decisions.urls")),
    path("", include("reimbursement.urls")),
    path("", include("reimbursement.list_urls")),
    # The header's language switch works on every page, the login and citizen pages included.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Django's 403/404 views render templates/403.html and 404.html with the request; the 500 page
# needs its own view to show the layout safely (primaweb/errors.py).
handler500 = "primaweb.errors.server_error"
