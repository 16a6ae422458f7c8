from django.urls import path

from instruction import views

app_name = "instruction"

urlpatterns = [
    path("dossiers/<int:pk>/nouvelle-demande/", views.new_request, name="new_request"),
    path("demandes/registre/", views.register, name="register"),
    path("demandes/<int:pk>/", views.request_page, name="request"),
    path("demandes/<int:pk>/accuse-de-reception/", views.acknowledgement, name="acknowledgement"),
    path("demandes/<int:pk>/enquete/", views.enquiry_update, name="enquiry_update"),
    path("demandes/<int:pk>/menage/ajouter/", views.member_add, name="member_add"),
    path("demandes/<int:pk>/menage/<int:member_pk>/", views.member_edit, name="member_edit"),
    path(
        "demandes/<int:pk>/menage/<int:member_pk>/retirer/",
        views.member_delete,
        name="member_delete",
    ),
    path("demandes/<int:pk>/ressources/ajouter/", views.resource_add, name="resource_add"),
    path(
        "demandes/<int:pk>/ressources/<int:fact_pk>/supprimer/",
        views.resource_delete,
        name="resource_delete",
    ),
    path("demandes/<int:pk>/charges/ajouter/", views.charge_add, name="charge_add"),
    path(
        "demandes/<int:pk>/charges/<int:fact_pk>/supprimer/",
        views.charge_delete,
        name="charge_delete",
    ),
    path("demandes/<int:pk>/visites/ajouter/", views.visit_add, name="visit_add"),
    path(
        "demandes/<int:pk>/visites/<int:fact_pk>/supprimer/",
        views.visit_delete,
        name="visit_delete",
    ),
]
