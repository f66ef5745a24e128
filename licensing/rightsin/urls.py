from django.urls import path

from licensing.rightsin import views

app_name = "rightsin"
urlpatterns = [
    path("works/<int:work_id>/", views.work_rights_in, name="work"),
    path("<int:pk>/remove/", views.held_right_remove, name="remove"),
    path("works/<int:work_id>/consent-rule/", views.consent_rule, name="consent_rule"),
]
