"""Tiny views for the page cache tests: each does one thing that makes a page unshareable."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control


def plain(request):
    return HttpResponse("the same for every reader")


def with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def with_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("seen", "yes")
    return response


def with_message(request):
    messages.info(request, "Thanks for reading.")
    return HttpResponse("a message is waiting")


def with_session_write(request):
    request.session["visited"] = True
    return HttpResponse("remembered")


@cache_control(private=True)
def private(request):
    return HttpResponse("private")


urlpatterns = [
    path("plain/", plain),
    path("csrf/", with_csrf_token),
    path("cookie/", with_cookie),
    path("message/", with_message),
    path("session/", with_session_write),
    path("private/", private),
]
