"""Public pages of the knowledge base."""

from django.urls import path

from notes.views import home

app_name = "notes"

urlpatterns = [
    path("", home.home, name="home"),
]
