"""Settings shared by every environment, read from the environment once (django-environ).

dev.py, test.py and production.py only override what differs. Every variable read here is
listed in .env.example and in README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env("SITE_NAME", default="Folio")

INSTALLED_APPS = [
    # Django's admin with the site accounts.admin_site.TwoFactorAdminSite (two-factor check).
    "accounts.apps.TwoFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "blog",
    "comments",
    "pages",
    "transfer",
    "axes",
]

MIDDLEWARE = [
    # Wraps the page cache so cached pages answer If-None-Match/If-Modified-Since with 304 too.
    "core.conditional.ConditionalGetMiddleware",
    # Above everything else: a hit skips it all and replays the headers the middleware below
    # gave the page when it was stored (security, CSP, Permissions-Policy: the same for every
    # response). Sessions, CSRF, auth and messages are below it too, so a miss is stored only
    # after they have added their cookies, and a page that set one is never shared. Static
    # files (STATIC_URL) are left to WhiteNoise.
    "core.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads a body (views, CSRF's process_view); it needs request.user.
    "core.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An address of an imported blog that nothing answers: 301 to where it lives now.
    "transfer.middleware.PermalinkRedirectMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    # Last, so it can turn a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "blog.context_processors.navigation",
                "pages.context_processors.footer",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL (or a full CACHE_URL) is set, process-local memory otherwise.
if env("CACHE_URL", default=None):
    CACHES = {"default": env.cache("CACHE_URL")}
elif env("REDIS_URL", default=None):
    CACHES = {
        "default": {
            # Django's RedisCache; an unreachable server is a miss, not an error page.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
            # Seconds to connect and to wait for an answer: a frozen server must not hold a
            # page up (the client's default is 5 s per call).
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.25),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Set to the release being deployed (a git commit, say): every cache key carries it, so pages
# kept by the previous release are not served by this one.
CACHES["default"]["KEY_PREFIX"] = env("RELEASE", default="")
# After a cache failure, how long a process answers without asking the cache server again.
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=2.0)
# The Retry-After of the 503 page shown while the database is unavailable.
RETRY_AFTER_SECONDS = env.int("RETRY_AFTER_SECONDS", default=30)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:center"
LOGOUT_REDIRECT_URL = "blog:home"
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = False  # English only; spares the translation machinery on every page
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media in an S3-compatible bucket (django-storages) when a bucket is named; local disk
# otherwise. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (boto3 reads
# them, or an instance role). Objects are public-read through their plain URLs.
MEDIA_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_ORIGINS = []  # where images are served from besides the site itself (CSP img-src)
if MEDIA_BUCKET:
    _s3 = {
        "bucket_name": MEDIA_BUCKET,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "max-age=31536000, public"},
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
    if _s3["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{_s3['custom_domain']}"]
    elif _s3["endpoint_url"]:
        MEDIA_ORIGINS = [_s3["endpoint_url"].rstrip("/")]
    else:
        MEDIA_ORIGINS = [f"https://{MEDIA_BUCKET}.s3.amazonaws.com"]
        if _s3["region_name"]:
            MEDIA_ORIGINS.append(f"https://{MEDIA_BUCKET}.s3.{_s3['region_name']}.amazonaws.com")
# Uploads above this are streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the non-file fields of one request
# The largest request body, refused with 413 from its Content-Length before it is read
# (core.middleware.RequestBodyLimitMiddleware). Signed in: an image of up to 5 MB
# (core.images.MAX_BYTES) with the form around it; deploy/nginx/folio.conf's
# client_max_body_size is the same 8m. Visitors only send small forms (sign-in, sign-up,
# password reset): 1 MB, which also keeps their bodies in memory, off the disk.
REQUEST_BODY_MAX_BYTES = 8 * 1024 * 1024
ANONYMOUS_REQUEST_BODY_MAX_BYTES = 1024 * 1024

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Folio <no-reply@folio.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails sent outside a request (the notification command) start with this.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The editor's live preview runs the very function that renders what readers see.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "blog.references.markdownify"
MARKDOWNX_SERVER_CALL_LATENCY = 400
MARKDOWNX_EDITOR_RESIZABLE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Every record reaches the one console handler, once: Django's own handlers (a second
    # console one in DEBUG, e-mail to ADMINS, which Folio does not set) are dropped.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # runserver's one line per request (gunicorn writes its access log in production).
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # A 4xx is in that line already; a 5xx still logs its traceback.
        "django.request": {"level": "ERROR"},
    },
}

# Footer links that are not pages: (label, URL name, place among the pages' footer_order).
FOLIO_FOOTER_FIXED = [
    ("Management Center", "accounts:center", 40),
    ("FAQs", "pages:faq", 50),
]

# Failed sign-ins (django-axes): 5 failures lock that account + client address pair for
# 15 minutes; a successful sign-in clears the count. Successful sign-ins are not logged.
# FOLIO_THROTTLES["sign-in"] below adds budgets per client address and for the whole site.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "accounts.backends.throttle_key"
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, use
# REMOTE_ADDR). Every throttle counts per client address, so set this behind nginx.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
AXES_VERBOSE = False

# Every throttle in one table (core/throttle.py; README, Limits): for each flow, per scope, a
# list of (how many, per how many seconds). "address": the e-mail address (or, for comments,
# the member) an attempt is about; "client": the address the request comes from; "site":
# everyone together. Over budget, a form answers 429 with Retry-After, except where telling
# would reveal something about an address (README, Limits).
_MINUTE, _HOUR, _DAY = 60, 3_600, 86_400
FOLIO_THROTTLES = {
    # Failed sign-ins (a successful one is not counted).
    "sign-in": {"client": [(30, _HOUR)], "site": [(1_000, _HOUR)]},
    "sign-up": {"address": [(3, _DAY)], "client": [(10, _HOUR)], "site": [(200, _HOUR)]},
    # Confirmation e-mails to one address, from sign-up and "resend" alike.
    "verification-email": {"address": [(1, 3 * _MINUTE), (5, _DAY)]},
    "verify-resend": {"client": [(10, _HOUR)], "site": [(200, _HOUR)]},
    "password-reset": {
        "address": [(3, _HOUR), (10, _DAY)],
        "client": [(10, _HOUR)],
        "site": [(200, _HOUR)],
    },
    # Asking to change one's e-mail address: per member ("address"), per client address,
    # and for the whole site. The link to the new address also spends that address's
    # "verification-email" budget, so nobody's inbox can be flooded through it.
    "email-change": {
        "address": [(3, _HOUR), (10, _DAY)],
        "client": [(10, _HOUR)],
        "site": [(200, _HOUR)],
    },
    # Subscribing without an account: the form, per client address and for the whole site
    # (answered 429), and the e-mails it sends to one address (spent silently: README, Limits).
    "subscribe": {"client": [(10, _HOUR)], "site": [(300, _HOUR)]},
    "subscribe-email": {"address": [(1, 3 * _MINUTE), (5, _DAY)]},
    # Per member ("address"), per client address, and for the whole site.
    "comment": {
        "address": [(5, _MINUTE), (50, _DAY)],
        "client": [(20, _MINUTE), (200, _DAY)],
        "site": [(120, _MINUTE)],
    },
}

# Two-factor sign-in (django-otp): TOTP apps and single-use recovery codes. With
# STAFF_REQUIRE_2FA, staff accounts must enrol before they can use the admin; production keeps it
# on unless told otherwise, dev.py and test.py turn it off (see README, Two-factor sign-in).
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = SITE_NAME
# A wrong code makes the next try wait 1, 2, 4, 8 … seconds (django-otp's device throttling);
# each wrong code also counts as a failed sign-in for django-axes' lockout.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# A verification link works this long.
ACCOUNT_VERIFICATION_MAX_AGE = timedelta(days=3)
# A change of e-mail address: the link to the new address confirms it for this long; the
# link to the old address can call it off (or undo it once confirmed) for this long.
ACCOUNT_EMAIL_CHANGE_MAX_AGE = timedelta(days=1)
ACCOUNT_EMAIL_CHANGE_CANCEL_MAX_AGE = timedelta(days=7)

# Comments: "open" publishes at once, "first" holds a member's comments until a moderator has
# approved one, "all" holds every comment. Comments with more than 3 links are always held.
COMMENTS_MODERATION = env("COMMENTS_MODERATION", default="open")

# Security headers sent in every environment, so development and the tests see what production
# sends; production.py adds the HTTPS-only ones (redirect, HSTS, secure cookies).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
# Browser features the site never uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()"
)
# Scripts and stylesheets only from our own origin, on every page the admin included. Style
# attributes stay allowed because Markdown tables align cells with style="text-align: …" (the
# sanitiser lets no other property through); <style> elements are still refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The page cache and template fragments (core/cache.py): seconds a page or fragment is kept at
# most (0 turns both off), and path prefixes never cached.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_EXCLUDE = ["/admin/", "/account/", "/markdownx/", "/healthz", "/readyz"]
