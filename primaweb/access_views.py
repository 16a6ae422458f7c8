"""« Gestion des accès »: the CPAS's access manager (its Administrateur CPAS) registers the
agents of the CPAS for the federal login and keeps their profiles in this CPAS, and only in it.

These local profiles are the ones used when FAS sends no roles (docs/fas.md). The national
number typed is kept only as its keyed hash (primaweb/fas/identity.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from primaweb.fas.identity import register_agent, valid_national_number
from primaweb.models import Profile, Role


class AgentRegistrationForm(forms.Form):
    national_number = forms.CharField(
        label=gettext_lazy("Numéro de registre national"), max_length=20
    )
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Rôle"), choices=Role.choices)

    def clean_national_number(self):
        digits = valid_national_number(self.cleaned_data["national_number"])
        if digits is None:
            raise forms.ValidationError(gettext_lazy("Numéro de registre national invalide."))
        return digits


def _remove(request, cpas):
    value = request.POST.get("remove", "")
    if not value.isdigit():
        raise Http404
    target = get_object_or_404(Profile.objects.filter(cpas=cpas), pk=int(value))
    if target.pk == request.profile.pk:
        messages.error(request, _("Vous ne pouvez pas retirer votre propre profil."))
    else:
        target.delete()
        messages.success(request, _("Le profil a été retiré."))
    return redirect("access_management")


@require_http_methods(["GET", "POST"])
def access_management(request):
    if not request.profile.is_cpas_admin:
        raise PermissionDenied(_("Réservé aux administrateurs du CPAS."))
    cpas = request.profile.cpas
    form = AgentRegistrationForm()
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            return _remove(request, cpas)
        form = AgentRegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            register_agent(
                national_number=data["national_number"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                cpas=cpas,
                role=data["role"],
            )
            messages.success(
                request,
                _("L'agent est enregistré : il peut se connecter avec sa clé numérique fédérale."),
            )
            return redirect("access_management")
        status = 400
    profiles = (
        Profile.objects.filter(cpas=cpas)
        .select_related("user", "user__federal_identity")
        .order_by("user__last_name", "user__first_name", "role")
    )
    return render(
        request,
        "primaweb/access_management.html",
        {"cpas": cpas, "profiles": profiles, "form": form},
        status=status,
    )
