from django import forms
from django.contrib.auth.forms import AuthenticationForm

from clearhold.toolkit.forms import FormMeta, GovukMessages


class SignInForm(GovukMessages, AuthenticationForm, metaclass=FormMeta):
    """Django's sign-in form with GOV.UK wording and one message for any bad credential."""

    error_messages = {
        "invalid_login": ("Enter a correct username and password. Both are case-sensitive."),
        "inactive": "This account has been switched off. Ask your ClearHold administrator.",
    }

    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)


class OneTimeCodeForm(GovukMessages, forms.Form, metaclass=FormMeta):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes",
    )


class AppCodeForm(OneTimeCodeForm):
    """The first code from a newly added authenticator app, confirming it was set up."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows once you have added ClearHold",
    )
    password = forms.CharField(
        label="Your password",
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text="To replace the app you have, enter your ClearHold password again",
    )
