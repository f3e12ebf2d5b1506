"""Production: refuses to start without a secret key, allowed hosts, a database URL and a
cache shared by every worker."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def _required(name, hint):
    value = env(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production: {hint} (README, Deployment)."
        )
    return value


SECRET_KEY = _required(
    "SECRET_KEY",
    "50 or more random characters, e.g. from "
    "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
)
ALLOWED_HOSTS = [
    host.strip()
    for host in _required(
        "ALLOWED_HOSTS",
        "the comma-separated host names the site answers to, e.g. folio.example.org",
    ).split(",")
    if host.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host in production.")
_required("DATABASE_URL", "e.g. postgres://folio:PASSWORD@127.0.0.1:5432/folio")
# Without a cache server every worker keeps its own pages and throttles (README, Caching):
# refuse to start rather than serve stale pages and let throttles count per worker. A CACHE_URL
# naming a per-process cache is taken as meant (a benchmark, one worker) but `check --deploy`
# warns about it (core.throttle.check_shared_cache).
if not (env("REDIS_URL", default="").strip() or env("CACHE_URL", default="").strip()):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: e.g. redis://127.0.0.1:6379/0, so that every "
        "worker shares one cache for pages and throttles (README, Deployment)."
    )
# Keep connections open between requests (checked before reuse) unless told otherwise.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, Deployment).
if env.bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
