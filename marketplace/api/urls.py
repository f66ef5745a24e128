from django.urls import path

from marketplace.api import views

app_name = "api_keys"
urlpatterns = [
    path("<int:party_id>/", views.key_list, name="list"),
    path("<int:party_id>/<int:pk>/revoke/", views.key_revoke, name="revoke"),
]
