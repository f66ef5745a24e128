from django.urls import path

from finance import views
from finance.payees import views as payee_views
from finance.payments import connect_views
from finance.payments import views as payment_views

app_name = "finance"
urlpatterns = [
    path("", views.statement, name="statement"),
    path("payee/", payee_views.payee, name="payee"),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pay/", views.invoice_pay, name="invoice_pay"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf_view, name="invoice_pdf"),
    path("invoices/<int:pk>/receipt/", payment_views.invoice_receipt, name="invoice_receipt"),
    path("invoices/<int:pk>/refund/", payment_views.invoice_refund, name="invoice_refund"),
    path("payouts/", views.payouts, name="payouts"),
    path("payouts/files/<int:pk>/", views.payout_file_download, name="payout_file"),
    path("trial-balance/", views.trial_balance_view, name="trial_balance"),
    path("payees/<int:party_id>/stripe/", connect_views.connect_start, name="connect_start"),
    path(
        "payees/<int:party_id>/stripe/return/", connect_views.connect_return, name="connect_return"
    ),
    path(
        "payees/<int:party_id>/stripe/refresh/",
        connect_views.connect_refresh,
        name="connect_refresh",
    ),
]
