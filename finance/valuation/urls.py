from django.urls import path

from finance.valuation import views

app_name = "valuation"

urlpatterns = [
    path("pledges/<int:pk>/", views.pledge_report, name="pledge"),
    path("pledges/<int:pk>/report.pdf", views.pledge_report_pdf, name="pledge_pdf"),
    path("pools/", views.pools, name="pools"),
    path("pools/new/", views.pool_new, name="pool_new"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("pools/<int:pk>/live/", views.pool_live, name="pool_live"),
    path("pools/<int:pk>/waterfall.csv", views.pool_csv, name="pool_csv"),
    path("pools/<int:pk>/waterfall.xlsx", views.pool_xlsx, name="pool_xlsx"),
]
