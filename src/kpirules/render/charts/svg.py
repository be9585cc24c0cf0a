"""SVG text: escaping, coordinates, elements and the document around a chart.

Every chart is built from these few functions, so that every chart is deterministic
(coordinates are exact fractions rounded half up to one decimal place) and safe (every
text and attribute goes through `xml_text`/`attr`, so a title from a data file can never
become markup). Nothing here knows what a chart shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from kpirules.numbers import round_half_up

__all__ = ["FONT", "attr", "coord", "element", "svg_document", "xml_text"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
"""The font stack every chart uses: local fonts only, so nothing is fetched."""

Attribute = str | int | Fraction | None


def _xml_ok(code: int) -> bool:
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def xml_text(text: str) -> str:
    """One line of text, escaped for XML content or a double-quoted attribute.

    Runs of white space become one space, and characters XML 1.0 cannot carry become
    U+FFFD, so any string gives well-formed XML.
    """
    flat = " ".join(text.split())
    safe = "".join(ch if _xml_ok(ord(ch)) else "\ufffd" for ch in flat)
    return (safe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def coord(x: Fraction | int) -> str:
    """A coordinate or length: exact, rounded half up to one decimal place, with no
    `.0` on a whole number (`12.5`, `12`)."""
    text = f"{round_half_up(Fraction(x), 1):f}"
    return text.removesuffix(".0")


def attr(value: Attribute) -> str:
    """An attribute value as text: numbers as coordinates, text escaped."""
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return coord(value)
    return xml_text(str(value))


def element(name: str, attrs: Mapping[str, Attribute], content: str | None = None) -> str:
    """`<name a="1" b="x"/>`, or with `content` (already escaped markup) inside.

    Attributes whose value is None are left out; the others keep the order given, so the
    same call always gives the same bytes.
    """
    text = " ".join(f'{key}="{attr(value)}"' for key, value in attrs.items()
                    if value is not None)
    opening = f"<{name} {text}" if text else f"<{name}"
    if content is None:
        return f"{opening}/>"
    return f"{opening}>{content}</{name}>"


def svg_document(width: int, height: int, *, title: str, desc: str, body: list[str],
                 id_prefix: str, standalone: bool = True) -> str:
    """A whole `<svg>` with an accessible name (`<title>`) and description (`<desc>`).

    The root has `role="img"` and `aria-labelledby` naming the title and description,
    so screen readers announce both. `id_prefix` makes those ids unique when several
    charts share one HTML page; it must be a valid XML name. A `standalone` chart is a
    file of its own and declares the SVG namespace; inline in HTML it needs none, but
    declaring it does no harm, so both forms carry it. The width and height are also the
    `viewBox`, so CSS may scale the chart (`width: 100%; height: auto`).
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root = {
        "xmlns": "http://www.w3.org/2000/svg" if standalone else None,
        "width": width,
        "height": height,
        "viewBox": f"0 0 {width} {height}",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "font-family": FONT,
        "class": "chart",
    }
    inner = [
        element("title", {"id": title_id}, xml_text(title)),
        element("desc", {"id": desc_id}, xml_text(desc)),
        element("rect", {"width": width, "height": height, "fill": "#ffffff"}),
        *body,
    ]
    return element("svg", root, "\n" + "\n".join(inner) + "\n") + "\n"
