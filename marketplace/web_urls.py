"""The marketplace's own pages (language-prefixed, namespace ``marketplace``).

Signup, login and logout are allauth's views under the names the rest of the site
reverses; allauth's other pages (e-mail, password, MFA) are included in
marketplace/urls.py under the same ``accounts/`` prefix.
"""

from allauth.account import views as allauth_views
from django.urls import path

from marketplace.views import accounts, organisations

app_name = "marketplace"

urlpatterns = [
    path("accounts/signup/", allauth_views.signup, name="signup"),
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/organisations/", organisations.my_organisations, name="organisations"),
    path("accounts/organisations/join/", organisations.join, name="organisation_join"),
    path(
        "accounts/organisations/<int:party_id>/invite/",
        organisations.invite,
        name="organisation_invite",
    ),
    path(
        "accounts/organisations/requests/<int:pk>/<slug:decision>/",
        organisations.request_decide,
        name="membership_request_decide",
    ),
    path(
        "accounts/invitations/<str:token>/",
        organisations.invitation_accept,
        name="invitation_accept",
    ),
]
