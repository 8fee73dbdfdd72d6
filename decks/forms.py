from django import forms

from .models import Deck


class DeckCreateForm(forms.Form):
    title = forms.CharField(max_length=200, strip=True)


class DeckSettingsForm(forms.ModelForm):
    class Meta:
        model = Deck
        fields = ["title", "visibility", "target_minutes", "prompt_host", "typing_speed"]
        labels = {
            "target_minutes": "Target length (minutes)",
            "prompt_host": "Host name in terminal prompts",
            "typing_speed": "Typing in terminal sessions",
        }
        widgets = {"visibility": forms.RadioSelect}
