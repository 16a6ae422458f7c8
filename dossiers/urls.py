from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("dossiers/", views.dossier_list, name="list"),
    path("dossiers/rechercher/", views.dossier_search, name="search"),
    path("dossiers/nouveau/", views.identify, name="identify"),
    path("dossiers/nouveau/personne/<int:pk>/", views.person_details, name="person"),
    path(
        "dossiers/nouveau/demande/<int:request_pk>/",
        views.create_from_request,
        name="create_from_request",
    ),
    path("dossiers/<int:pk>/", views.dossier_detail, name="detail"),
]
