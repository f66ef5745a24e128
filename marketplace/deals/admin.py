from django.contrib import admin

from marketplace.deals.models import Message, Offer, OfferTransition, Thread


class OfferInline(admin.TabularInline):
    model = Offer
    fields = ("version", "offered_by", "status", "valid_until", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("pk", "work", "buyer", "seller", "contract", "updated_at")
    raw_id_fields = ("work", "listing", "inquiry", "buyer", "seller", "contract", "created_by")
    inlines = [OfferInline]


@admin.register(OfferTransition)
class OfferTransitionAdmin(admin.ModelAdmin):
    list_display = ("offer", "from_status", "to_status", "party", "actor", "at")
    readonly_fields = ("offer", "from_status", "to_status", "party", "actor", "note", "at")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("thread", "party", "author", "language", "created_at")
    readonly_fields = ("thread", "party", "author", "language", "body", "created_at")
