from django.urls import path

from catalog.registration import views

app_name = "registration"

urlpatterns = [
    path("registration/", views.my_applications, name="mine"),
    path("registration/new/", views.application_new, name="new"),
    path("registration/examiner/", views.examiner_queue, name="examiner_queue"),
    path("registration/<int:pk>/", views.application_detail, name="detail"),
    path("registration/<int:pk>/upload/", views.application_upload, name="upload"),
    path(
        "registration/<int:pk>/certificate/<int:version>.pdf",
        views.certificate_download,
        name="certificate",
    ),
    path("registration/<int:pk>/<slug:action>/", views.application_action, name="action"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("verify/<str:number>/samples/<int:file_id>/", views.verify_sample, name="verify_sample"),
]
