from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.registration.models import Application, Certificate, Comment, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    can_delete = False
    # A private file has no URL for the admin to link (catalog.kernel.storage): show its name.
    exclude = ("pdf",)
    readonly_fields = (
        "version",
        "language",
        "stored_file",
        "sha256",
        "evidence_seq",
        "issued_at",
        "superseded_at",
        "reason",
    )

    @admin.display(description=_("Stored file"))
    def stored_file(self, obj: Certificate) -> str:
        return obj.pdf.name


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Status changes go through the services (audited); the admin only reads them.
    list_display = ("__str__", "work", "applicant", "status", "fast_track", "due_on", "examiner")
    list_filter = ("status", "fast_track", "held")
    search_fields = ("number", "work__original_title", "applicant__original_name")
    readonly_fields = (
        "status",
        "number",
        "registered_at",
        "submitted_at",
        "due_on",
        "decided_at",
        "screening",
        "held",
        "hold_reason",
        "hold_overridden_by",
    )
    inlines = [TransitionInline, CertificateInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("application", "author", "internal", "created_at")
