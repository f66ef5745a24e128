from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from catalog.models import (
    CatalogueUpload,
    CatalogueUploadRecord,
    Membership,
    OwnershipShare,
    Party,
    Work,
    WorkCreator,
    WorkFile,
    WorkIdentifier,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Party)
class PartyAdmin(TranslationAdmin):
    list_display = ("original_name", "kind", "category", "country", "is_verified")
    list_filter = ("kind", "category", "country", "is_verified")
    search_fields = ("original_name", "name")
    inlines = [MembershipInline]


class IdentifierInline(admin.TabularInline):
    model = WorkIdentifier
    extra = 0


class CreatorInline(admin.TabularInline):
    model = WorkCreator
    extra = 0
    autocomplete_fields = ["party"]


class ShareInline(admin.TabularInline):
    model = OwnershipShare
    extra = 0
    autocomplete_fields = ["party"]


class FileInline(admin.TabularInline):
    model = WorkFile
    extra = 0
    readonly_fields = ("sha256", "size", "phash")


@admin.register(Work)
class WorkAdmin(TranslationAdmin):
    list_display = ("original_title", "work_type", "holder", "country_of_origin", "published_on")
    list_filter = ("work_type", "country_of_origin", "source_flag")
    search_fields = ("original_title", "title", "identifiers__value")
    autocomplete_fields = ["holder", "community_holder", "derivative_of"]
    inlines = [IdentifierInline, CreatorInline, ShareInline, FileInline]


class UploadRecordInline(admin.TabularInline):
    model = CatalogueUploadRecord
    extra = 0
    fields = ("row", "reference", "title", "outcome", "field", "value", "reason", "work")
    readonly_fields = fields
    can_delete = False
    show_change_link = False


@admin.register(CatalogueUpload)
class CatalogueUploadAdmin(admin.ModelAdmin):
    """Read-only: uploads are made on the upload page and changed only by their job."""

    list_display = ("file_name", "party", "format", "mode", "status", "created", "refused")
    list_filter = ("status", "format", "mode")
    search_fields = ("file_name", "party__original_name")
    exclude = ("file",)  # private: delivered by no admin link
    inlines = [UploadRecordInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
