"""The test suite: fast hashing, in-memory e-mail, no manifest needed for static files."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "tests-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
if not env("CACHE_URL", default=None) and not env("REDIS_URL", default=None):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Staff may use the admin without enrolling in two-factor sign-in unless this is set.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)
