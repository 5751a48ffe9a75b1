"""The page of the phones signed in to the trainer app (decision 0023), at /phones/."""

from django.urls import path

from training_delivery import views_devices

urlpatterns = [
    path("", views_devices.device_list, name="trainer_devices"),
    path("<int:device_id>/revoke/", views_devices.device_revoke_view, name="trainer_device_revoke"),
]
