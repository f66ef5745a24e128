from django.contrib import admin

from finance.tax.models import TaxResidency, WithholdingCertificate


# Read-only: decisions go through the review queue (workflow + audit), never an admin edit.
@admin.register(TaxResidency)
class TaxResidencyAdmin(admin.ModelAdmin):
    list_display = ("party", "country", "treaty_claim", "valid_from", "valid_to", "status")
    list_filter = ("status", "country", "treaty_claim")
    search_fields = ("party__name", "treaty_article")
    # A private file has no URL for the admin to link (catalog.kernel.storage).
    exclude = ("certificate",)
    readonly_fields = [f.name for f in TaxResidency._meta.fields if f.name != "certificate"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WithholdingCertificate)
class WithholdingCertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "party", "period", "version", "language", "issued_at")
    search_fields = ("number", "party__name")
    exclude = ("pdf",)
    readonly_fields = [f.name for f in WithholdingCertificate._meta.fields if f.name != "pdf"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
