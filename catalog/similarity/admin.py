from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.similarity.hashing import UnreadableImage, image_phash
from catalog.similarity.models import ProtectedMark, SimilarityCheck, SimilarityHit
from catalog.similarity.services import MarkInput, protected_mark_upsert


class ProtectedMarkForm(forms.ModelForm):
    class Meta:
        model = ProtectedMark
        fields = ("reference", "name", "owner_name", "image", "source", "active")

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and "image" in self.changed_data:
            validate_upload(kind=UploadKind.PROTECTED_MARK, file=image)
            try:
                image_phash(image.read())
            except UnreadableImage as exc:
                raise ValidationError(_("Not a readable image.")) from exc
            finally:
                image.seek(0)
        return image


@admin.register(ProtectedMark)
class ProtectedMarkAdmin(admin.ModelAdmin):
    form = ProtectedMarkForm
    list_display = ("reference", "name", "owner_name", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("reference", "name", "owner_name")
    readonly_fields = ("sha256", "phash", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # The reference is the mark's identity for idempotent loads: fixed once created.
        return (*self.readonly_fields, "reference") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Hashing belongs to the service; the admin only hands over the bytes.
        upload = form.cleaned_data["image"]
        if "image" in form.changed_data or not change:
            upload.seek(0)
            data, filename = upload.read(), upload.name.rsplit("/", 1)[-1]
        else:
            with obj.image.open("rb") as handle:
                data, filename = handle.read(), obj.image.name.rsplit("/", 1)[-1]
        mark, _outcome = protected_mark_upsert(
            data=MarkInput(
                reference=obj.reference,
                name=obj.name,
                owner_name=obj.owner_name,
                filename=filename,
                data=data,
                source=obj.source,
                active=obj.active,
            )
        )
        obj.pk = mark.pk


class ReadOnlyAdmin(admin.ModelAdmin):
    """Pre-check results are written by the service only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SimilarityHit)
class SimilarityHitAdmin(ReadOnlyAdmin):
    list_display = (
        "subject",
        "kind",
        "matched_work",
        "matched_mark",
        "distance",
        "jaccard",
        "score",
        "transform",
        "created_at",
    )
    list_filter = ("kind", "is_protected_mark")
    list_select_related = ("subject", "matched_work", "matched_mark")
    raw_id_fields = ("subject", "subject_file", "matched_work", "matched_file", "matched_mark")


@admin.register(SimilarityCheck)
class SimilarityCheckAdmin(ReadOnlyAdmin):
    list_display = (
        "work",
        "checked_at",
        "holds_for_examination",
        "images_checked",
        "text_shingles",
    )
    list_filter = ("holds_for_examination",)
    list_select_related = ("work",)
    raw_id_fields = ("work",)
