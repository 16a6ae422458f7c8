from django.urls import path

from accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("dossiers/admin-logs/", views.access_log, name="access_log"),
]
