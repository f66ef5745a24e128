from django.urls import path

from catalog.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<int:seq>/", views.entry_detail, name="entry"),
    path("<int:seq>/certificate.pdf", views.entry_certificate, name="certificate"),
]
