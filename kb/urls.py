"""URLs: the admin, the language switch, and the public site (notes.urls)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("notes.urls")),
]
