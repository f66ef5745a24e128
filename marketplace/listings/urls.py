from django.urls import path

from marketplace.listings import search_views, views
from marketplace.listings.bulk import views as bulk_views

app_name = "listings"

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("search/suggest/", search_views.suggest, name="suggest"),
    path("seller/", views.seller_dashboard, name="seller"),
    path("seller/works/<int:work_id>/list/", views.listing_new, name="new"),
    path("seller/bulk-rights/", bulk_views.bulk_rights, name="bulk_rights"),
    path("seller/bulk-rights/create/", bulk_views.bulk_rights_create, name="bulk_rights_create"),
    path("listings/<int:pk>/", views.listing_detail, name="detail"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="edit"),
    path("listings/<int:pk>/inquire/", views.inquiry_send, name="inquire"),
    path("listings/<int:pk>/shortlist/", views.shortlist_toggle, name="shortlist_toggle"),
    path("listings/<int:pk>/<slug:action>/", views.listing_action, name="action"),
    path("shortlist/", views.shortlist, name="shortlist"),
]
