from django.urls import path

from rg_orders.urls import urlpatterns as desk_urls

from .views import BareOrderInsert

urlpatterns = [path("_bench/bare/", BareOrderInsert.as_view(), name="bench-bare"), *desk_urls]
