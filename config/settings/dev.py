"""Local development: `make run`. SQLite, console e-mail, DEBUG on."""

import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env


def _local_secret_key():
    """A random key made once per checkout and kept out of git, so sessions survive restarts."""
    path = BASE_DIR / ".secret_key.dev"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default=None) or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Staff may use the admin without enrolling in two-factor sign-in unless this is set.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)
