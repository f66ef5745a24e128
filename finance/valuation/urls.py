from django.urls import path

from finance.valuation import report_views, views

app_name = "valuation"

urlpatterns = [
    path("pledges/<int:pk>/", views.pledge_report, name="pledge"),
    path("pledges/<int:pk>/report.pdf", views.pledge_report_pdf, name="pledge_pdf"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/new/", report_views.report_new, name="report_new"),
    path("reports/history-template.csv", report_views.history_template, name="history_template"),
    path("reports/<int:pk>/", report_views.report_detail, name="report"),
    path("reports/<int:pk>/status/", report_views.report_status, name="report_status"),
    path("reports/<int:pk>/<slug:action>/", report_views.report_action, name="report_action"),
    path("pools/", views.pools, name="pools"),
    path("pools/new/", views.pool_new, name="pool_new"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("pools/<int:pk>/live/", views.pool_live, name="pool_live"),
    path("pools/<int:pk>/waterfall.csv", views.pool_csv, name="pool_csv"),
    path("pools/<int:pk>/waterfall.xlsx", views.pool_xlsx, name="pool_xlsx"),
]
