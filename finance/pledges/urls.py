from django.urls import path

from finance.pledges import views

app_name = "pledges"

urlpatterns = [
    path("", views.portfolio, name="list"),
    path("new/", views.pledge_new, name="new"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("seizures/", views.seizures, name="seizures"),
    path("seizures/new/", views.seizure_new, name="seizure_new"),
    path("seizures/<int:pk>/", views.seizure_detail, name="seizure_detail"),
    path("seizures/<int:pk>/release/", views.seizure_release, name="seizure_release"),
    path("seizures/<int:pk>/order/", views.seizure_document, name="seizure_document"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/certificate/<int:version>.pdf", views.certificate_download, name="certificate"),
    path("<int:pk>/<slug:action>/", views.pledge_action, name="action"),
]
