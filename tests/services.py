"""What tests that need a program or a service share: skip with the reason on a developer's
machine, fail in CI (CI=true), where every such test is required; and a free loopback port."""

import os
import socket

import pytest


def unavailable(reason, *, required="this test"):
    """Skip with `reason`, or fail with it in CI, where `required` may not be skipped."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} ({required} may not be skipped when CI=true)", pytrace=False)
    pytest.skip(reason)


def free_port():
    """A TCP port nobody listens on at this moment, on 127.0.0.1."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]
