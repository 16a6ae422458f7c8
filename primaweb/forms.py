from django import forms
from django.utils.translation import gettext_lazy as _


class RoleChoiceForm(forms.Form):
    profile = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = profiles

    def clean_profile(self):
        profile = self.profiles.filter(pk=self.cleaned_data["profile"]).first()
        if profile is None:
            raise forms.ValidationError(_("Ce profil ne vous appartient pas."))
        return profile
