"""The marketplace's own pages (language-prefixed, namespace ``marketplace``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from marketplace.views import accounts

app_name = "marketplace"

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
]
