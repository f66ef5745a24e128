from django.urls import path

from finance.tax import views

app_name = "tax"

urlpatterns = [
    path("", views.tax_home, name="home"),
    path("review/", views.review_queue, name="queue"),
    path("review/<int:pk>/<slug:action>/", views.review, name="review"),
    path("residency/<int:pk>/edit/", views.residency_correct, name="residency_correct"),
    path(
        "residency/<int:pk>/certificate/",
        views.residency_certificate,
        name="residency_certificate",
    ),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("<int:party_id>/", views.party_tax, name="party"),
    path("<int:party_id>/certificates/", views.certificate_issue, name="certificate_issue"),
]
