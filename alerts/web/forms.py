from django import forms

from alerts.models import Subscription


class FollowForm(forms.Form):
    """A request to follow a case, party or topic (templates/alerts/follow_form.html)."""

    email = forms.EmailField(max_length=254, label="Your email address")
    frequency = forms.ChoiceField(
        choices=Subscription.Frequency.choices, initial=Subscription.Frequency.DAILY
    )
    kind = forms.ChoiceField(choices=Subscription.Kind.choices, widget=forms.HiddenInput)
    slug = forms.SlugField(max_length=255, widget=forms.HiddenInput)
