from django import forms

from ..forms import PasswordConfirmedForm
from . import services


class CodeForm(forms.Form):
    """One code: 6 digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, label=None, help_text=None, autofocus=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not autofocus:
            del self.fields["code"].widget.attrs["autofocus"]
        if label:
            self.fields["code"].label = label
        if help_text:
            self.fields["code"].help_text = help_text


class DisableForm(PasswordConfirmedForm):
    """Turning two-factor sign-in off takes the password and a current code."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        # The code is checked (and a recovery code used up) only with the right password.
        if "password" in cleaned and "code" in cleaned:
            try:
                services.two_factor_verify(user=self.user, code=cleaned["code"])
            except services.CodeRefused as refusal:
                self.add_error("code", refusal.message)
        return cleaned
