from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.forms import ProfileForm, SignupForm
from marketplace.services import user_signup, user_update_preferences


def _remember_language(request: HttpRequest, language: str) -> None:
    request.session["preferred_language"] = language
    translation.activate(language)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_signup(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            roles=data["roles"],
            country=data["country"],
            organisation=data["organisation"],
            preferred_language=data["preferred_language"],
            preferred_currency=data["preferred_currency"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        _remember_language(request, user.preferred_language)
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("marketplace:profile")
    return render(request, "accounts/signup.html", {"form": form})


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
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})
