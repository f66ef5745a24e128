from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from licensing.royalties.models import (
    ColumnMapping,
    OutOfLicenceLine,
    RoyaltySetting,
    Statement,
    UsageReport,
    WithholdingRate,
)


@admin.register(WithholdingRate)
class WithholdingRateAdmin(admin.ModelAdmin):
    list_display = ("payer_country", "payee_country", "rate", "valid_from", "source")
    list_filter = ("payer_country",)
    search_fields = ("payer_country", "payee_country", "source")


@admin.register(RoyaltySetting)
class RoyaltySettingAdmin(admin.ModelAdmin):
    list_display = ("party", "cross_collateralise", "statement_currency", "statement_language")
    raw_id_fields = ("party",)


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("licensee", "format", "updated_at")
    raw_id_fields = ("licensee",)


@admin.register(UsageReport)
class UsageReportAdmin(admin.ModelAdmin):
    list_display = ("pk", "file_name", "licensee", "period", "status", "total_rows", "bad_rows")
    list_filter = ("status",)
    # A private file has no URL for the admin to link (catalog.kernel.storage): show its name.
    exclude = ("file",)
    readonly_fields = [f.name for f in UsageReport._meta.fields if f.name != "file"] + [
        "stored_file"
    ]

    @admin.display(description=_("Stored file"))
    def stored_file(self, obj: UsageReport) -> str:
        return obj.file.name

    def has_add_permission(self, request):
        return False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("pk", "contract", "period", "payee", "amount_payable", "status")
    readonly_fields = [f.name for f in Statement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutOfLicenceLine)
class OutOfLicenceLineAdmin(admin.ModelAdmin):
    """Read-only: the licensor's decisions go through the workflow (outlicence.py)."""

    list_display = (
        "pk",
        "contract",
        "report",
        "row_no",
        "territory",
        "channel",
        "reason",
        "status",
    )
    list_filter = ("status", "reason")
    readonly_fields = [f.name for f in OutOfLicenceLine._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
