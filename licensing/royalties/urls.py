from django.urls import path

from licensing.royalties import review_views, valuemap_views, views

app_name = "royalties"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/status.json", views.report_status, name="report_status"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/review/", review_views.report_review, name="report_review"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("reports/<int:pk>/quarantine.csv", views.quarantine_csv, name="quarantine_csv"),
    path("queue/", views.queue, name="queue"),
    path("contracts/<int:pk>/held/", views.held_usage, name="held_usage"),
    path("mapping/", views.column_mapping, name="column_mapping"),
    path("values/", valuemap_views.value_maps_home, name="value_maps_home"),
    path("values/<int:party>/", valuemap_views.value_maps, name="value_maps"),
    path(
        "values/<int:party>/<int:pk>/delete/",
        valuemap_views.value_map_delete,
        name="value_map_delete",
    ),
    path(
        "reports/<int:pk>/place-held/",
        valuemap_views.report_place_held,
        name="report_place_held",
    ),
    path("statements/", views.statements, name="statements"),
    path("statements/close/", views.close_period, name="close_period"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("statements/<int:pk>/csv/", views.statement_csv, name="statement_csv"),
    path("statements/<int:pk>/xlsx/", views.statement_xlsx, name="statement_xlsx"),
    path("lines/<int:pk>/usage/", views.statement_line_usage, name="line_usage"),
]
