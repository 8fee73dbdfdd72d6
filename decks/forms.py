from django import forms

from .models import Deck, Look


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
    # Saved through decks.domain.save_look, as a new version of the deck.
    look = forms.ChoiceField(choices=Look.choices, required=False, help_text="How the slides look; the editor's Look panel edits the deck's own stylesheet.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["look"].initial = self.instance.look
        if not self.instance.stylesheet and self.instance.look != Look.OWN:
            self.fields["look"].choices = [choice for choice in Look.choices if choice[0] != Look.OWN]

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
