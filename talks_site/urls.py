from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from decks import guide_views
from decks.views import looks
from presenter import live_views, offline, remote_views

from . import views

handler500 = "talks_site.failures.server_error"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("guide/", guide_views.guide, name="guide"),
    path("looks/", looks.themes, name="themes"),
    path("looks/<str:look>/", looks.theme_samples, name="theme_samples"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("decks/", include("decks.urls")),
    path("talks/", include("presenter.urls")),
    path("f/<slug:slug>", live_views.follow_short, name="follow_short"),
    path("l/", remote_views.exchange_link, name="open_link"),
]
