"""The reimbursement's work lists (reimbursement/lists.py), under their own namespace: the
form's own pages are in reimbursement/urls.py."""

from django.urls import path

from reimbursement import lists

app_name = "reimbursement_lists"

urlpatterns = [
    path("formulaires/a-envoyer/", lists.to_send, name="to_send"),
    path("formulaires/", lists.form_list, name="list"),
    path("formulaires/export.csv", lists.form_export, name="export"),
    path("formulaires/blocages/", lists.blocked, name="blocked"),
    path("echeancier/", lists.schedule, name="schedule"),
]
