"""Generated cover pictures for the demo articles.

Each cover is an abstract illustration drawn with Pillow: a diagonal gradient
between two palette colours, a soft patch of light, and a simple motif. All
randomness is seeded from the title, so an article always gets the same picture.
No text is drawn, so no fonts are needed.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageColor, ImageDraw, ImageFilter

MOTIFS = ("needles", "waves", "nodes", "circles", "stripes")

# Shapes are drawn at this multiple of the final size and scaled down at the
# end, which gives smooth (anti-aliased) edges to lines and circles.
_SCALE = 2

_WHITE = (255, 255, 255)
_BLACK = (0, 0, 0)

Colour = tuple[int, int, int]


def _rgb(value: str) -> Colour:
    r, g, b = ImageColor.getrgb(value)[:3]
    return (r, g, b)


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _rgba(colour: Colour, alpha: int) -> tuple[int, int, int, int]:
    return (colour[0], colour[1], colour[2], max(0, min(255, alpha)))


def _gradient(size: tuple[int, int], start: Colour, end: Colour, angle: float) -> Image.Image:
    """Diagonal gradient, computed small and scaled up (it is smooth anyway)."""
    w, h = size
    sw, sh = max(2, w // 16), max(2, h // 16)
    side = math.ceil(math.hypot(sw, sh)) + 2
    mask = Image.linear_gradient("L").resize((side, side), Image.Resampling.BILINEAR)
    mask = mask.rotate(angle, resample=Image.Resampling.BILINEAR)
    left, top = (side - sw) // 2, (side - sh) // 2
    mask = mask.crop((left, top, left + sw, top + sh)).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _soft_layer(canvas: Image.Image, colour: Colour, draw_mask, blur: float = 6.0) -> None:
    """Composite a blurred shape mask (drawn at 1/8 size) onto the canvas."""
    w, h = canvas.size
    small = Image.new("L", (max(2, w // 8), max(2, h // 8)), 0)
    draw_mask(ImageDraw.Draw(small), small.size)
    small = small.filter(ImageFilter.GaussianBlur(blur))
    mask = small.resize(canvas.size, Image.Resampling.BILINEAR)
    canvas.paste(Image.new("RGB", canvas.size, colour), (0, 0), mask)


def _glow(canvas: Image.Image, rng: random.Random, colour: Colour) -> None:
    cx = rng.uniform(0.55, 0.85)
    cy = rng.uniform(0.15, 0.45)

    def shape(d: ImageDraw.ImageDraw, size: tuple[int, int]) -> None:
        w, h = size
        r = h * 0.5
        d.ellipse((cx * w - r, cy * h - r, cx * w + r, cy * h + r), fill=60)

    _soft_layer(canvas, colour, shape, blur=canvas.height / 8 * 0.12)


def _needles(draw, size, rng, light, accent, dark) -> None:
    w, h = size
    s = _SCALE
    count = rng.randint(5, 8)
    base_angle = math.radians(rng.uniform(18, 32))
    # Evenly spread needles with a little jitter, so they never overlap.
    gap = 0.74 / count
    xs = [(0.2 + gap * (i + rng.uniform(0.2, 0.8))) * w for i in range(count)]
    for i, x in enumerate(xs):
        angle = base_angle + math.radians(rng.uniform(-4, 4))
        length = rng.uniform(0.38, 0.62) * h
        tip = (x, rng.uniform(0.62, 0.9) * h)
        top = (tip[0] - math.sin(angle) * length, tip[1] - math.cos(angle) * length)
        # Where the needle "enters": faint ripples around the tip.
        for ring in range(1, 4):
            r = ring * 14 * s
            draw.ellipse(
                (tip[0] - r * 1.6, tip[1] - r * 0.5, tip[0] + r * 1.6, tip[1] + r * 0.5),
                outline=_rgba(light, 70 - ring * 15),
                width=2 * s,
            )
        # Shadow, shaft, handle and round head.
        off = 10 * s
        shadow = (top[0] + off, top[1] + off)
        draw.line((shadow, tip), fill=_rgba(dark, 60), width=3 * s)
        draw.line((top, tip), fill=_rgba(light, 235), width=2 * s)
        handle_end = (
            top[0] + (tip[0] - top[0]) * 0.22,
            top[1] + (tip[1] - top[1]) * 0.22,
        )
        handle = accent if i % 2 == 0 else light
        draw.line((top, handle_end), fill=_rgba(handle, 255), width=7 * s)
        r = 9 * s
        draw.ellipse((top[0] - r, top[1] - r, top[0] + r, top[1] + r), fill=_rgba(handle, 255))


def _waves(draw, size, rng, light, accent, dark) -> None:
    w, h = size
    bands = rng.randint(5, 7)
    step = 8 * _SCALE
    for i in range(bands):
        t = i / max(1, bands - 1)
        base = h * (0.3 + 0.62 * t)
        amp = h * rng.uniform(0.03, 0.08)
        wavelength = w * rng.uniform(0.55, 1.1)
        phase = rng.uniform(0, math.tau)
        points = [
            (x, base + amp * math.sin(math.tau * x / wavelength + phase))
            for x in range(-step, w + 2 * step, step)
        ]
        colour = _mix(_mix(light, accent, 0.4), dark, t * 0.85)
        draw.polygon([*points, (w + step, h + step), (-step, h + step)], fill=_rgba(colour, 150))
        draw.line(points, fill=_rgba(light, 150 - int(t * 80)), width=3 * _SCALE)


def _nodes(draw, size, rng, light, accent, dark) -> None:
    w, h = size
    s = _SCALE
    target = rng.randint(26, 36)
    min_gap = 0.09 * h
    points: list[tuple[float, float]] = []
    for _ in range(target * 30):
        if len(points) >= target:
            break
        p = (rng.uniform(0.04, 0.96) * w, rng.uniform(0.06, 0.94) * h)
        if all(math.dist(p, q) > min_gap for q in points):
            points.append(p)
    edges: set[tuple[int, int]] = set()
    for i, p in enumerate(points):
        nearest = sorted(range(len(points)), key=lambda j: math.dist(p, points[j]))
        for j in nearest[1 : 1 + rng.randint(2, 3)]:
            edges.add((min(i, j), max(i, j)))
    for i, j in sorted(edges):
        draw.line((points[i], points[j]), fill=_rgba(light, 110), width=2 * s)
    for i, (x, y) in enumerate(points):
        hub = i % 5 == 0
        colour = accent if hub else light
        r = (9 if hub else rng.uniform(4, 7)) * s
        for ring, alpha in ((3.2, 30), (2.2, 55)):
            rr = r * ring
            draw.ellipse((x - rr, y - rr, x + rr, y + rr), fill=_rgba(colour, alpha))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(colour, 255))


def _circles(draw, size, rng, light, accent, dark) -> None:
    w, h = size
    s = _SCALE
    colours = [light, accent, _WHITE, dark]
    for i in range(rng.randint(9, 13)):
        r = rng.uniform(0.08, 0.3) * h
        x = rng.uniform(0.1, 0.95) * w
        y = rng.uniform(0.1, 0.9) * h
        colour = colours[i % len(colours)]
        box = (x - r, y - r, x + r, y + r)
        if i % 3 == 2:
            draw.ellipse(box, outline=_rgba(light, 150), width=3 * s)
        else:
            draw.ellipse(box, fill=_rgba(colour, rng.randint(45, 95)))


def _stripes(canvas, draw, size, rng, light, accent, dark) -> None:
    w, h = size
    slope = rng.uniform(0.5, 0.9)
    bands = rng.randint(5, 7)

    def band_mask(every: int, offset: int):
        def shape(d: ImageDraw.ImageDraw, small: tuple[int, int]) -> None:
            sw, sh = small
            width = sw / (bands * 1.6)
            for i in range(offset, bands * 2, every):
                x0 = -sh * slope + i * sw / bands
                x1 = x0 + sh * slope
                d.polygon(
                    [(x0, sh), (x0 + width, sh), (x1 + width, 0), (x1, 0)],
                    fill=rng.randint(60, 110),
                )

        return shape

    _soft_layer(canvas, light, band_mask(2, 0), blur=3)
    _soft_layer(canvas, dark, band_mask(3, 1), blur=4)
    # A few crisp hairlines running with the bands.
    for _ in range(rng.randint(3, 5)):
        x0 = rng.uniform(-0.3, 0.9) * w
        draw.line((x0, h, x0 + h * slope, 0), fill=_rgba(accent, 140), width=2 * _SCALE)


def make_cover(
    *, title: str, palette: tuple[str, str], motif: str, size: tuple[int, int] = (1600, 900)
) -> bytes:
    """Return PNG bytes of a generated cover picture."""
    if motif not in MOTIFS:
        raise ValueError(f"unknown motif {motif!r}; expected one of {MOTIFS}")
    rng = random.Random(title)
    base, accent = _rgb(palette[0]), _rgb(palette[1])
    light = _mix(accent, _WHITE, 0.45)
    dark = _mix(base, _BLACK, 0.45)

    big = (size[0] * _SCALE, size[1] * _SCALE)
    canvas = _gradient(big, base, _mix(base, accent, 0.7), angle=rng.uniform(30, 60))
    _glow(canvas, rng, light)
    draw = ImageDraw.Draw(canvas, "RGBA")
    if motif == "stripes":
        _stripes(canvas, draw, big, rng, light, accent, dark)
    else:
        painter = {"needles": _needles, "waves": _waves, "nodes": _nodes, "circles": _circles}
        painter[motif](draw, big, rng, light, accent, dark)

    # Box-filter downsampling is all that supersampling needs, and it is fast.
    image = canvas.reduce(_SCALE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
