from django.urls import path

from requests_online import views

app_name = "requests_online"

urlpatterns = [
    # Public: the citizen's form (no login), under the prefix tests treat as public.
    path("demande-en-ligne/", views.citizen_form, name="citizen_form"),
    path("demande-en-ligne/confirmation/", views.confirmation, name="confirmation"),
    # The agent's inbox, scoped to the active profile's CPAS.
    path("demandes-cpas-online/", views.request_list, name="list"),
    path("demandes-cpas-online/<int:pk>/", views.request_details, name="details"),
    path("demandes-cpas-online/<int:pk>/lue/", views.mark_read, name="mark_read"),
    path("demandes-cpas-online/<int:pk>/non-lue/", views.mark_unread, name="mark_unread"),
]
