from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from licensing.disputes.models import (
    Agency,
    Batch,
    Case,
    CaseEvent,
    CaseParty,
    Invitation,
    MediatorProfile,
)


class CasePartyInline(admin.TabularInline):
    model = CaseParty
    extra = 0
    readonly_fields = ("role", "party", "user", "name", "email", "url", "country")


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "note", "at")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (and their audit rows)."""

    list_display = ("number", "case_type", "status", "mediator", "filed_at", "deadline")
    list_filter = ("status", "case_type")
    search_fields = ("number", "summary", "parties__name", "parties__email")
    inlines = [CasePartyInline, CaseEventInline]
    # A private file has no URL for the admin to link (catalog.kernel.storage): show its name.
    exclude = ("court_file",)
    readonly_fields = ("stored_court_file",)

    @admin.display(description=_("Court file"))
    def stored_court_file(self, obj: Case) -> str:
        return obj.court_file.name

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MediatorProfile)
class MediatorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "languages", "case_types", "max_open_cases", "active")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "mediator", "outcomes_recorded_at")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    """Issued, accepted, confirmed and revoked through licensing/disputes/identity.py only."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(_ReadOnly):
    list_display = ("case_party", "email", "sent_at", "accepted_at", "accepted_by", "revoked_at")
    search_fields = ("email", "case_party__case__number")


@admin.register(Agency)
class AgencyAdmin(_ReadOnly):
    list_display = ("agent", "principal", "scope", "confirmed_at", "confirmed_by", "revoked_at")
    search_fields = ("agent__case__number", "agent__name", "principal__name")
