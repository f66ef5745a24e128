from django.urls import path

from catalog.registration import batch_views, views

app_name = "registration"

urlpatterns = [
    path("registration/", views.my_applications, name="mine"),
    path("registration/new/", views.application_new, name="new"),
    path("registration/examiner/", views.examiner_queue, name="examiner_queue"),
    path("registration/batches/", batch_views.batch_list, name="batches"),
    path("registration/batches/new/", batch_views.batch_new, name="batch_new"),
    path("registration/batches/<int:pk>/", batch_views.batch_detail, name="batch"),
    path(
        "registration/batches/<int:pk>/status.json",
        batch_views.batch_status,
        name="batch_status",
    ),
    path("registration/batches/<int:pk>/submit/", batch_views.batch_submit, name="batch_submit"),
    path(
        "registration/batches/<int:pk>/decide/",
        batch_views.batch_decide_view,
        name="batch_decide",
    ),
    path(
        "registration/batches/<int:pk>/decisions/<int:decision>/",
        batch_views.batch_decision,
        name="batch_decision",
    ),
    path(
        "registration/batches/<int:pk>/decisions/<int:decision>/status.json",
        batch_views.batch_decision_status,
        name="batch_decision_status",
    ),
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
