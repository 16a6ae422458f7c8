from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("demandes/<int:pk>/calcul/", views.calculation, name="calculation"),
    path("demandes/<int:pk>/proposition/", views.proposal_create, name="proposal_create"),
    path("seances/", views.session, name="session"),
    path("propositions/<int:pk>/decision/", views.decide, name="decide"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/notification/", views.notification, name="notification"),
]
