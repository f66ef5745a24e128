from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from marketplace.models import User, WorkerHeartbeat


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Platform",
            {"fields": ("roles", "preferred_language", "preferred_currency", "time_zone")},
        ),
    )
    list_display = ("username", "email", "roles", "preferred_language", "is_staff")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("hostname", "seen_at")
