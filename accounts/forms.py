from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm

from blog.models import Article, Subscriber
from core.images import AVATAR_MAX_PIXELS, clean_image

from .validators import validate_display_name

User = get_user_model()


class SignupForm(forms.Form):
    """E-mail, display name and password; the username is made from the e-mail address."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We send a link to confirm it. It is never shown to other members.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label="Display name",
        max_length=80,
        validators=[validate_display_name],
        help_text="Shown beside your comments: one line, without web addresses. You can change "
        "it later.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether the address already has an account is not said here: the owner is e-mailed
        # instead (accounts.services.user_register), so the form reveals nobody's address.
        return User.objects.normalize_email(self.cleaned_data["email"])

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Enter the name other members will see.")
        return name

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for an e-mail address or a username."""

    username = forms.CharField(
        label="E-mail address or username",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That e-mail address or username and password do not match an account. "
            "Note that the password is case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Room for an e-mail address, not only a username.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254


class ProfileForm(forms.ModelForm):
    """Display name, short bio and avatar; a new avatar is cleaned and cropped square."""

    class Meta:
        model = User
        fields = ["display_name", "bio", "website", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 300})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and "avatar" in self.changed_data:
            return clean_image(avatar, max_side=256, square=True, max_pixels=AVATAR_MAX_PIXELS)
        return avatar


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["notify_on_follow", "follow_frequency", "notify_on_reply", "notify_on_comment"]
        widgets = {"follow_frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form without the choice (an older page, a script) keeps the member's current one.
        self.fields["follow_frequency"].required = False

    def clean_follow_frequency(self):
        return self.cleaned_data.get("follow_frequency") or self.instance.follow_frequency


class PasswordConfirmedForm(forms.Form):
    """A form for `user` that asks for their password again (a session left open must not be
    enough): a change of address, deleting the account, turning two-factor sign-in off."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To be sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password


class EmailChangeForm(PasswordConfirmedForm):
    """The new address and the password."""

    new_email = forms.EmailField(
        label="New e-mail address",
        max_length=254,
        help_text="We send a link to it; your address changes when you open that link.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["new_email", "password"]

    def clean_new_email(self):
        email = User.objects.normalize_email(self.cleaned_data["new_email"].strip())
        if email.lower() == self.user.email.lower():
            raise forms.ValidationError("That is already your address.", code="same")
        return email


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DeleteAccountForm(PasswordConfirmedForm):
    pass


class SubscribeForm(forms.Form):
    """The one field of "Get new articles by e-mail" (home page, article pages)."""

    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.public_name


class SubscriptionForm(forms.ModelForm):
    """Topics and frequency on a subscriber's manage page."""

    authors = AuthorChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Authors",
    )

    class Meta:
        model = Subscriber
        fields = ["frequency", "everything", "categories", "tags", "authors"]
        widgets = {
            "frequency": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Article.objects.published()
        self.fields["authors"].queryset = User.objects.filter(
            is_active=True, pk__in=published.values("author_id")
        ).order_by("display_name", "pk")
        self.fields["tags"].queryset = self.fields["tags"].queryset.order_by("name")
        self.fields["categories"].queryset = self.fields["categories"].queryset.order_by("name")

    def clean(self):
        cleaned = super().clean()
        chosen = any(cleaned.get(name) for name in ("categories", "tags", "authors"))
        if not cleaned.get("everything") and not chosen:
            self.add_error(
                "everything",
                "Choose at least one category, tag or author, or keep every new article.",
            )
        return cleaned
