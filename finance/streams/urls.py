from django.urls import path

from finance.streams import views

app_name = "streams"

urlpatterns = [
    path("", views.offer_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.offer_new, name="new"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/bid/", views.offer_bid, name="bid"),
    path("<int:pk>/buy/", views.offer_buy, name="buy"),
    path("<int:pk>/consent/<int:pledge>/", views.offer_consent, name="consent"),
    path("<int:pk>/verify/", views.offer_verify, name="verify"),
    path("<int:pk>/<slug:action>/", views.offer_action, name="action"),
]
