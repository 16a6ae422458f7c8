from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from primaweb.admin_site import BoundedDatesAdmin
from registry.models import Address, HouseholdMember, Person, SurnameKey


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["street", "house_number", "box", "postal_code", "locality", "country"]
    search_fields = ["street", "postal_code", "locality"]
    list_filter = ["country"]


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    raw_id_fields = ["household"]


@admin.register(Person)
class PersonAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["niss", "last_name", "first_names", "sex", "birth_date_display", "register"]
    list_filter = ["sex", "register", "civil_status"]
    # NISS and name look-ups hit indexes (unique NISS, surname); no full-text scan needed.
    search_fields = ["=niss", "^last_name", "^first_names"]
    show_full_result_count = False
    raw_id_fields = ["partner", "residential_address", "reference_address"]
    readonly_fields = ["birth_date_min", "birth_date_max", "surname_index", "phonetic_keys"]
    inlines = [HouseholdMemberInline]

    @admin.display(description=_("Clés phonétiques"))
    def phonetic_keys(self, person: Person) -> str:
        keys = SurnameKey.objects.filter(surname_index=person.surname_index)
        return ", ".join(sorted(keys.values_list("key", flat=True)))


@admin.register(SurnameKey)
class SurnameKeyAdmin(admin.ModelAdmin):
    list_display = ["key", "surname_index"]
    search_fields = ["=key", "=surname_index"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
