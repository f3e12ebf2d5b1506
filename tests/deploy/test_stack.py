"""Two app servers behind nginx (deploy/stack.py), sharing one PostgreSQL and one Redis: what
a member does through one is at once what every reader gets through the other.

Needs nginx, PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379: skipped with the reason
on a machine without them, failed in CI (CI=true), where this test is required.
"""

import os
import re
import shutil
import signal
import socket
import threading
import time

import pytest

from deploy.stack import Stack
from tests.deploy.browser import Client
from tests.images import image_bytes
from tests.services import unavailable

# Not Django's test database: the stack's own processes use a database of their own.
pytestmark = pytest.mark.stack
STACK = "the stack test"
PASSWORD = "stack-password-1234"  # noqa: S105 - a throwaway account on loopback
USERS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
User = get_user_model()
for name, staff in (("stack-member", False), ("stack-editor", True)):
    user, _ = User.objects.get_or_create(
        username=name, defaults={{"email": f"{{name}}@stack.test", "display_name": name}}
    )
    user.set_password("{PASSWORD}")
    user.email_verified_at = timezone.now()
    user.is_staff = staff
    user.save()
    if staff:
        user.groups.add(Group.objects.get(name="Editors"))
"""


def _listening(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        unavailable(
            "nginx is not installed (apt-get install nginx-light)", required="the stack test"
        )
    for port, service in ((5432, "PostgreSQL"), (6379, "Redis")):
        if not _listening(port):
            unavailable(
                f"{service} is not listening on 127.0.0.1:{port}", required="the stack test"
            )
    stack = Stack(
        database_url="postgres://postgres@127.0.0.1:5432/folio_stack_test",
        redis_url="redis://127.0.0.1:6379/13",
        port=18443,
        app_ports=[18201, 18202],
        workdir=tmp_path_factory.mktemp("stack"),
        # The editor signs in with a password only: two-factor sign-in has its own tests.
        environment={"STAFF_REQUIRE_2FA": "false"},
    )
    stack.start(fresh=True)
    shell(stack, USERS)
    yield stack
    stack.stop()


def headings(html):
    """The page's h1 and admin messages: what went wrong, when a step fails."""
    return re.findall(r'<h1.*?</h1>|<li class="(?:error|warning)">.*?</li>', html, re.S)


def shell(stack, code):
    """What `code` prints, run by manage.py shell with the stack's settings."""
    return stack.manage("shell", "-v", "0", "-c", code).stdout.strip()


def published_slug(stack, which="first"):
    return shell(
        stack, f"from blog.models import Article as A; print(A.objects.published().{which}().slug)"
    )


def signed_in(stack, via, username="stack-member"):
    client = Client(stack, via=via)
    client.sign_in(username, PASSWORD)
    return client


def test_signed_in_through_one_app_server_and_still_signed_in_on_the_other(stack):
    client = signed_in(stack, via=0)
    client.via = 1
    page = client.get("/account/")
    assert page.status == 200
    assert "stack-member" in page.text


def test_a_comment_posted_through_one_is_on_the_page_the_other_serves_at_once(stack):
    slug = published_slug(stack)
    member = signed_in(stack, via=0)
    words = f"Posted through the first server at {time.time()}."
    posted = member.post_form(
        f"/articles/{slug}/", {"body": words}, action=f"/articles/{slug}/comments/"
    )
    assert posted.status in (200, 302), posted.text[:500]
    for via in (0, 1, None):  # a member on each server, and a visitor through nginx
        reader = Client(stack, via=via)
        assert words in reader.get(f"/articles/{slug}/").text, via


def test_a_publish_through_one_is_fresh_on_both_at_once(stack):
    code = "from blog.models import Article as A; a = A.objects.published()[1]; print(a.pk, a.slug)"
    pk, slug = shell(stack, code).split()
    visitors = [Client(stack, via=0), Client(stack, via=1), Client(stack, via=None)]
    for visitor in visitors:  # both servers and nginx have it cached now
        visitor.get("/")
        assert visitor.get("/").status == 200
    editor = signed_in(stack, via=0, username="stack-editor")
    done = editor.post_form(
        "/admin/blog/article/",
        {"action": "unpublish_selected", "_selected_action": pk},
    )
    assert done.status in (200, 302), done.text[:500]
    for visitor in visitors:
        assert visitor.get(f"/articles/{slug}/").status == 404
    done = editor.post_form(
        "/admin/blog/article/", {"action": "publish_selected", "_selected_action": pk}
    )
    assert done.status == 302, (done.status, headings(done.text))
    assert "Published 1 article" in editor.get(done.headers["location"]).text
    for visitor in visitors:
        assert visitor.get(f"/articles/{slug}/").status == 200


def test_an_image_uploaded_through_one_is_served_by_nginx(stack):
    editor = signed_in(stack, via=1, username="stack-editor")
    editor.get("/admin/")
    response = editor.upload("/markdownx/upload/", "image", "photo.png", image_bytes())
    assert response.status == 200, response.text[:300]
    url = response.json()["image_code"][len("![](") : -1]
    assert url.startswith("/media/uploads/")
    served = Client(stack, via=None).get(url)
    assert served.status == 200
    assert served.body.startswith(b"\x89PNG")
    assert "nginx" in served.headers.get("server", "")


def test_killing_one_app_server_loses_no_request_and_no_write(stack):
    """Readers through nginx keep getting pages while one app server is killed (nginx tries
    the other); every comment the site acknowledged is stored."""
    slug = published_slug(stack, "last")
    member = signed_in(stack, via=None)
    statuses, acknowledged, stop = [], [], threading.Event()

    def read():
        reader = Client(stack, via=None)
        while not stop.is_set():
            statuses.append(reader.get(f"/articles/{slug}/?n={time.time()}").status)

    def write():
        n = 0
        while not stop.is_set():
            n += 1
            words = f"Written during the outage, number {n}, {time.time()}."
            response = member.post_form(
                f"/articles/{slug}/", {"body": words}, action=f"/articles/{slug}/comments/"
            )
            if response.status in (200, 302):
                acknowledged.append(words)
            time.sleep(1.1)  # the comment rate limit allows a few a minute

    threads = [threading.Thread(target=read) for _ in range(3)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    stack.kill_app(0, signal.SIGKILL)
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(30)
    stack.start_app(0)

    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert acknowledged
    page = Client(stack, via=1).get(f"/articles/{slug}/").text
    assert [words for words in acknowledged if words not in page] == []


def test_with_no_app_server_answering_nginx_shows_the_sites_page(stack):
    """Both app servers down (a deploy gone wrong): readers get the site's own 'back in a
    moment' page with Retry-After, not nginx's bare 502."""
    for index in (0, 1):
        stack.kill_app(index, signal.SIGKILL)
    try:
        page = Client(stack, via=None).get("/articles/")
        assert page.status == 502
        assert "We will be back in a moment" in page.text
        assert page.headers.get("retry-after") == "30"
    finally:
        for index in (0, 1):
            stack.start_app(index)
    # nginx tries a failed app server again after fail_timeout (2 s): back within 5 s.
    deadline, status = time.monotonic() + 5, None
    while status != 200 and time.monotonic() < deadline:
        status = Client(stack, via=None).get("/articles/").status
        time.sleep(0.2)
    assert status == 200
