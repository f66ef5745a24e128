from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.kernel.mfa import has_second_factor
from catalog.kernel.permissions import has_verified_email
from marketplace.forms import ProfileForm
from marketplace.services import user_update_preferences


def _remember_language(request: HttpRequest, language: str) -> None:
    request.session["preferred_language"] = language
    translation.activate(language)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_preferences(
            user=request.user, **{name: form.cleaned_data[name] for name in form.changed_data}
        )
        _remember_language(request, request.user.preferred_language)
        messages.success(request, _("Profile saved."))
        return redirect("marketplace:profile")
    memberships = request.user.memberships.select_related("party").order_by("party__name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "email_verified": has_verified_email(request.user),
            "has_second_factor": has_second_factor(request.user),
        },
    )
