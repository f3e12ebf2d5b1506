"""config/settings LOGGING: one line per request on the console, each record printed once."""

import logging

import pytest


def _console_handlers(name):
    """The console handlers a record logged on `name` reaches, walking up to the root as
    logging does (pytest's own capturing handlers, subclasses, are left out)."""
    handlers, logger = [], logging.getLogger(name)
    while logger:
        handlers += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.mark.parametrize("name", ["django.server", "django.request", "django", "core.cache"])
def test_every_record_reaches_exactly_one_console_handler(name):
    assert len(_console_handlers(name)) == 1


def test_the_dev_server_logs_each_request_once(caplog):
    """runserver's line for a 200 is shown; a 404 is its line alone, without a second
    "Not Found" record from django.request (a 5xx still logs its traceback)."""
    with caplog.at_level(logging.NOTSET):
        logging.getLogger("django.server").info('"GET / HTTP/1.1" 200 3342')
        logging.getLogger("django.server").warning('"GET /nope/ HTTP/1.1" 404 2110')
        logging.getLogger("django.request").warning("Not Found: /nope/")
        logging.getLogger("django.request").error("Internal Server Error: /broken/")
    assert [record.getMessage() for record in caplog.records] == [
        '"GET / HTTP/1.1" 200 3342',
        '"GET /nope/ HTTP/1.1" 404 2110',
        "Internal Server Error: /broken/",
    ]
