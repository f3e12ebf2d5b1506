"""The fixture exports and the media folders that come with them (images made here, so the
repository holds no binary files)."""

from pathlib import Path

import pytest
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"


def write_png(path, size=(640, 360), colour=(40, 90, 140)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


@pytest.fixture
def wxr():
    return FIXTURES / "wordpress.xml"


@pytest.fixture
def ghost_export():
    return FIXTURES / "ghost.json"


@pytest.fixture
def wordpress_media(tmp_path):
    """What a WordPress site keeps in wp-content/uploads/, with one file that is not an image."""
    root = tmp_path / "uploads"
    write_png(root / "2024" / "03" / "harbour.png", size=(1200, 675))
    write_png(root / "2024" / "03" / "needles.png", colour=(200, 200, 190))
    fake = root / "2019" / "01" / "not-an-image.png"
    fake.parent.mkdir(parents=True)
    fake.write_text("<?php echo 'not a picture'; ?>")
    return root


@pytest.fixture
def ghost_media(tmp_path):
    """Ghost's content/images folder."""
    root = tmp_path / "images"
    write_png(root / "2024" / "03" / "dusk.png", size=(800, 450))
    write_png(root / "2024" / "03" / "pillow.png", size=(300, 200))
    return root
