from django.urls import path

from alerts.web import views

app_name = "alerts"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
