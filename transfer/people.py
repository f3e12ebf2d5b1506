"""Authors and commenters of an export as members of the site, through get_user_model() and
the fields the user model documents (username, email, display name) only.

A person is matched by e-mail (case-insensitive). Otherwise an account is made with no usable
password, so nobody can sign in to it until an administrator sets one: authors join the Authors
group (staff, as editors and authors are); commenters are inactive accounts that only carry the
name and e-mail shown beside their comments. A person without an e-mail gets an address under
the reserved .invalid domain, so no mail can ever reach anyone.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import slugify

AUTHORS_GROUP = "Authors"  # blog/migrations/0002_editorial_roles
NO_EMAIL_DOMAIN = "imported.invalid"


def person_key(person):
    """The e-mail address that identifies `person`, lower-cased; None when nobody is named."""
    if person is None or not (person.email.strip() or person.login or person.name):
        return None
    return (person.email.strip() or _placeholder_email(person)).lower()


def person_user(person, *, author):
    """The member for `person` (an entries.Person), made when no member has the e-mail; None
    when the export names nobody."""
    if person_key(person) is None:
        return None
    User = get_user_model()
    email = person.email.strip() or _placeholder_email(person)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(
        username=_free_username(person.login or person.name or email.split("@")[0]),
        email=email,
        is_staff=author,
        is_active=author,
    )
    name = (person.name or person.login)[:80]
    if _has_field(User, "display_name"):
        user.display_name = name
    else:
        user.first_name = name[:150]
    user.set_unusable_password()
    user.save()
    if author:
        group = Group.objects.filter(name=AUTHORS_GROUP).first()
        if group is not None:
            user.groups.add(group)
    return user


def _placeholder_email(person):
    who = (person.login or person.name).strip().lower()
    return f"{hashlib.sha256(who.encode()).hexdigest()[:16]}@{NO_EMAIL_DOMAIN}"


def _free_username(wanted):
    User = get_user_model()
    base = slugify(wanted)[:140] or "imported"
    candidate, number = base, 2
    while User.objects.filter(username__iexact=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
