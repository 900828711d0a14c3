from django.urls import path

from cases.web import discovery as views_discovery
from cases.web import views
from cases.web.feeds import CaseFeed, PartyFeed, TopicFeed

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases.csv", views.case_list_csv, name="case-list-csv"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("testimony/<int:pk>/", views.testimony_detail, name="testimony-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("search/", views_discovery.search, name="search"),
    path("cases/<slug:slug>/feed/", CaseFeed(), name="case-feed"),
    path("topics/<slug:slug>/feed/", TopicFeed(), name="topic-feed"),
    path("parties/<slug:slug>/feed/", PartyFeed(), name="party-feed"),
    path("calendar.ics", views_discovery.calendar, name="calendar"),
    path("cases/<slug:slug>/calendar.ics", views_discovery.case_calendar, name="case-calendar"),
]
