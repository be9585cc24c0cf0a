"""A sparkline: a small SVG picture of a series, with no script and nothing fetched.

The SVG is accessible (`role="img"`, an `aria-label` and a `<title>` that say the
figures in words) and deterministic: coordinates are computed exactly and printed to one
decimal place, so the same figures always give the same bytes. A figure that is missing
leaves a gap in the line rather than being drawn as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

from kpirules.numbers import round_half_up

__all__ = ["sparkline"]

_LINE = "#1f4e79"
_BACKGROUND = "#ffffff"


def _xml_text(text: str) -> str:
    """One line of text that XML 1.0 can carry: other characters become U+FFFD."""
    flat = " ".join(text.split())
    return "".join(ch if _xml_ok(ord(ch)) else "\ufffd" for ch in flat)


def _xml_ok(code: int) -> bool:
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _coordinate(x: Fraction) -> str:
    return f"{round_half_up(x, 1):f}"


def sparkline(values: Sequence[Fraction | None], *, label: str, width: int = 240,
              height: int = 48) -> str:
    """An SVG line through `values` in order, evenly spaced; None leaves a gap.

    Each figure is drawn as a dot, consecutive figures are joined by a line, and the
    last figure's dot is larger. `label` is the text alternative: say what the picture
    shows, with its figures.
    """
    pad = Fraction(6)
    present = [v for v in values if v is not None]
    low, high = (min(present), max(present)) if present else (Fraction(0), Fraction(0))
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    step = inner_w / (len(values) - 1) if len(values) > 1 else Fraction(0)

    def point(i: int, value: Fraction) -> tuple[str, str]:
        x = pad + step * i if len(values) > 1 else Fraction(width, 2)
        y = (pad + (high - value) / (high - low) * inner_h) if high != low else Fraction(height, 2)
        return _coordinate(x), _coordinate(y)

    runs: list[list[tuple[str, str]]] = [[]]
    dots: list[tuple[str, str]] = []
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
            continue
        xy = point(i, value)
        runs[-1].append(xy)
        dots.append(xy)
    text = _xml_text(label)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(text)}>',
        f"<title>{escape(text)}</title>",
        f'<rect width="{width}" height="{height}" rx="4" fill="{_BACKGROUND}"/>',
    ]
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x},{y}" for x, y in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{_LINE}" '
                         'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>')
    for i, (x, y) in enumerate(dots):
        radius = "3.5" if i == len(dots) - 1 else "2.5"
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{_LINE}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
