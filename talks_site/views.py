from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from decks.models import Deck


def home(request):
    decks = Deck.objects.public().select_related("owner")[:50]
    return render(request, "home.html", {"public_decks": decks})


@never_cache
def healthz(request):
    """Liveness and database check for the platform's router and for deploys."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": str(error).strip()}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def signup(request):
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is switched off on this site.")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("decks:list")
    return render(request, "registration/signup.html", {"form": form})
