from django.urls import path

from catalog.imports import views

app_name = "catalogue"
urlpatterns = [
    path("uploads/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.job, name="job"),
    path("uploads/<int:pk>/status.json", views.status, name="status"),
    path("uploads/<int:pk>/errors.csv", views.errors_csv, name="errors_csv"),
    path("template.<str:format>", views.template, name="template"),
]
