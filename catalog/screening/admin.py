from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.screening.models import SensitiveTerm


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(admin.ModelAdmin):
    list_display = ("term", "language", "category", "severity", "active", "origin", "customised")
    list_editable = ("severity", "active")
    list_filter = ("language", "category", "severity", "active", "origin", "customised")
    search_fields = ("term", "normalised", "notes")
    readonly_fields = ("normalised", "origin", "created_at", "updated_at")
    actions = ("activate", "deactivate")

    def save_model(self, request, obj, form, change):
        # A staff edit makes the row part of the maintained list: file syncs keep off it.
        if change:
            obj.customised = True
        super().save_model(request, obj, form, change)

    def _set_active(self, queryset, active: bool) -> None:
        queryset.update(active=active, customised=True, updated_at=timezone.now())

    @admin.action(description=_("Activate selected terms"))
    def activate(self, request, queryset):
        self._set_active(queryset, True)

    @admin.action(description=_("Deactivate selected terms"))
    def deactivate(self, request, queryset):
        self._set_active(queryset, False)
