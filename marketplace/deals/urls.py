from django.urls import path

from marketplace.deals import views

app_name = "deals"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("start/", views.thread_start, name="start"),
    path("<int:pk>/", views.thread_detail, name="detail"),
    path("<int:pk>/offer/", views.offer_new, name="offer_new"),
    path("<int:pk>/messages/", views.message_send, name="message_send"),
    path("offers/<int:pk>/counter/", views.offer_counter, name="offer_counter"),
    path("offers/<int:pk>/<slug:action>/", views.offer_action, name="offer_action"),
    path("messages/<int:pk>/translate/", views.message_add_translation, name="translate"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
