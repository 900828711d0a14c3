from django.urls import path

from . import views, views_discovery

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("testimony/<int:pk>/", views.testimony_detail, name="testimony-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("search/", views_discovery.search, name="search"),
]
