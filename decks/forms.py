from django import forms

from .models import Deck


class DeckCreateForm(forms.Form):
    title = forms.CharField(max_length=200, strip=True)


class DeckSettingsForm(forms.ModelForm):
    # A form sent without it (an older page) keeps the deck's speed.
    typing_speed = forms.TypedChoiceField(
        choices=Deck.TypingSpeed.choices,
        coerce=int,
        required=False,
        label="Typing in terminal sessions",
        help_text=Deck._meta.get_field("typing_speed").help_text,
    )

    class Meta:
        model = Deck
        fields = ["title", "visibility", "target_minutes", "prompt_host", "typing_speed"]
        labels = {
            "target_minutes": "Target length (minutes)",
            "prompt_host": "Host name in terminal prompts",
        }
        widgets = {"visibility": forms.RadioSelect}

    def clean_typing_speed(self):
        speed = self.cleaned_data.get("typing_speed")
        return self.instance.typing_speed if speed in (None, "") else speed
