from django.urls import path

from licensing.contracts import consent_views, views

app_name = "contracts"
urlpatterns = [
    path("", views.my_contracts, name="list"),
    path("approvals/", consent_views.approvals, name="approvals"),
    path("<int:pk>/approval/", consent_views.approval_decide, name="approve"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/send/", views.contract_send, name="send"),
    path("<int:pk>/sign/", views.contract_sign_view, name="sign"),
    path("<int:pk>/activate/", views.contract_activate_view, name="activate"),
    path("<int:pk>/terminate/", views.contract_terminate_view, name="terminate"),
    path("<int:pk>/amend/", views.contract_amend_view, name="amend"),
    path("<int:pk>/document.pdf", views.contract_document, name="document"),
    path("<int:pk>/signed.pdf", views.contract_signed_copy, name="signed_copy"),
    path("verify/<uuid:token>/", views.contract_verify, name="verify"),
    path("works/<int:work_id>/availability/", views.work_availability, name="work_availability"),
]
