from django.urls import path

from . import live_views, rehearsals, remote_views, views

app_name = "presenter"

urlpatterns = [
    path("<slug:slug>/", views.projector, name="projector"),
    path("<slug:slug>/presenter/", views.presenter, name="presenter"),
    path("<slug:slug>/handout/", views.handout, name="handout"),
    path("<slug:slug>/follow/", live_views.follow, name="follow"),
    path("<slug:slug>/controlled/", live_views.controlled_projector, name="controlled"),
    path("<slug:slug>/share/", live_views.share, name="share"),
    path("<slug:slug>/live/state", live_views.live_state, name="live_state"),
    path("<slug:slug>/live/events", live_views.live_events, name="live_events"),
    path("<slug:slug>/live/panel", live_views.live_panel, name="live_panel"),
    path("<slug:slug>/live/clock", live_views.live_clock, name="live_clock"),
    path("<slug:slug>/rehearsals/", rehearsals.rehearsal_report, name="rehearsals"),
    path("<slug:slug>/rehearsals/record", rehearsals.record_rehearsal, name="record_rehearsal"),
    path("<slug:slug>/live/control", remote_views.live_control, name="live_control"),
    path("<slug:slug>/live/pointer", remote_views.live_pointer, name="live_pointer"),
    path("<slug:slug>/remote/", remote_views.remote, name="remote"),
    path("<slug:slug>/links/", remote_views.links, name="links"),
    path("<slug:slug>/links/<int:link_id>/revoke", remote_views.revoke, name="revoke_link"),
]
