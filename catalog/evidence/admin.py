"""Read-only admin: the chain is append-only, so staff can look but never add, edit or delete."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from catalog.evidence.models import DailyRoot, EvidenceEntry


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EvidenceEntry)
class EvidenceEntryAdmin(_ReadOnlyAdmin):
    list_display = ["seq", "kind", "subject", "short_sha256", "size", "created_at"]
    list_filter = ["kind"]
    search_fields = ["=seq", "subject", "=sha256", "=entry_hash"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # COUNT(*) over millions of rows on every page is wasteful

    @admin.display(description="SHA-256")
    def short_sha256(self, obj: EvidenceEntry) -> str:
        return f"{obj.sha256[:16]}…"


@admin.register(DailyRoot)
class DailyRootAdmin(_ReadOnlyAdmin):
    list_display = ["day", "merkle_root", "entry_count", "first_seq", "last_seq", "anchor_seq"]
    date_hierarchy = "day"
