from django.urls import path

from reimbursement import views

app_name = "reimbursement"

urlpatterns = [
    path("formulaires/<int:pk>/", views.form_page, name="form"),
    path("formulaires/<int:pk>/modifier/", views.form_edit, name="edit"),
    path("formulaires/<int:pk>/envoyer/", views.form_send, name="send"),
    path("formulaires/<int:pk>/corriger/", views.form_correct, name="correct"),
    path("formulaires/decision/<int:pk>/", views.forms_prepare, name="prepare"),
]
