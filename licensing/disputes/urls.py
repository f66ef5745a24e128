from django.urls import path

from licensing.disputes import batch_views, identity_views, stats_views, views

app_name = "disputes"
urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("file/", views.case_file_view, name="file"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/settlement.pdf", views.settlement_document, name="settlement_pdf"),
    path("<int:pk>/case-file.zip", views.court_file, name="court_file"),
    # Before the catch-all action path below, which would swallow them.
    path("<int:pk>/parties/", identity_views.parties, name="parties"),
    path("<int:pk>/parties/<int:row>/invite/", identity_views.invite, name="invite"),
    path("<int:pk>/agent/", identity_views.appoint_agent, name="appoint_agent"),
    path("join/<str:token>/", identity_views.join, name="join"),
    path("agency/<int:pk>/<slug:action>/", identity_views.agency_action, name="agency"),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("mediation/", batch_views.mediator_queue, name="queue"),
    path("batches/new/", batch_views.batch_create, name="batch_new"),
    path("batches/<int:pk>/", batch_views.batch_detail, name="batch"),
    path("dashboard/", stats_views.staff_dashboard, name="dashboard"),
    path("statistics/", stats_views.public_stats, name="statistics"),
]
