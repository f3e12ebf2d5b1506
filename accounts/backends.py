"""Signing in with an e-mail address or a username, and the key failed sign-ins are counted on."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

THROTTLE_KEY_LENGTH = 255


def find_account(identifier):
    """The account an identifier names: a username (exact) or an e-mail address (any case)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = get_user_model()._default_manager
    if "@" in identifier:
        user = users.filter(email__iexact=identifier).first()
        if user is not None:
            return user
    return users.filter(username=identifier).first()


class EmailOrUsernameBackend(ModelBackend):
    """Django's model backend, accepting the e-mail address in the "username" field too."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Hash anyway so a missing account takes as long to refuse as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def throttle_key(request, credentials=None):
    """What django-axes counts failures against: the account, however it was named.

    Without this, five tries with the username and five more with the e-mail address would
    count as two different accounts.
    """
    identifier = (credentials or {}).get("username")
    if identifier is None and request is not None:
        identifier = request.POST.get("username", "")
    user = find_account(identifier)
    # Axes stores the key in a 255-character column; no account has a longer name or address.
    return (user.username if user else (identifier or "").strip().lower())[:THROTTLE_KEY_LENGTH]
