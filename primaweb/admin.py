from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from primaweb.models import Cpas, Municipality, PostalCode, Profile


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0


@admin.register(Cpas)
class CpasAdmin(admin.ModelAdmin):
    list_display = ["name", "bce_number", "locality", "phone", "email"]
    search_fields = ["name", "bce_number", "municipalities__name", "municipalities__nis_code"]
    inlines = [MunicipalityInline]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "cpas"]
    list_filter = ["cpas"]
    search_fields = ["name", "nis_code", "postal_codes__code"]
    list_select_related = ["cpas"]
    inlines = [PostalCodeInline]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "locality", "municipality"]
    list_filter = ["municipality__cpas"]
    search_fields = ["code", "locality", "municipality__name"]
    list_select_related = ["municipality"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "cpas", "role"]
    list_filter = ["role", "cpas"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "cpas__name"]
    list_select_related = ["user", "cpas"]
    autocomplete_fields = ["user", "cpas"]


admin.site.site_header = _("Prima-web — administration")
admin.site.site_title = _("Prima-web")
