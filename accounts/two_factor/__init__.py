"""Two-factor sign-in with an authenticator app and recovery codes (django-otp underneath).

services.py holds the rules, views.py the sign-in's second step, enrolling, recovery codes and
turning it off; accounts/admin_site.py asks the admin's users for the second step.
"""
