from django.urls import path

from . import views

urlpatterns = [
    path("s/<str:token>/", views.StatusView.as_view(), name="customer_status"),
    path("s/<str:token>/rate/<int:rating>/", views.StatusView.as_view(),
         name="customer_status_rate"),
]
