"""The SPC variation and assurance icons, as small SVGs for tables.

Drawn after the Making Data Count icons' meanings, in kpirules' own design: a circle
in the reading's colour holding a letter, with a mark that does not rely on colour.
Variation: common cause is a grey circle with a level zig-zag; special cause is blue
(improving), orange (concerning) or purple (neither) with `H` or `L` for a signal high or
low and an arrow that way. Assurance: `P` (consistently passing, blue), `F`
(consistently failing, orange), `?` (hit and miss, grey) over a target line. Each icon
has a `<title>` and `<desc>`, so a table cell reads as words.
"""

from __future__ import annotations

from fractions import Fraction

from kpirules.render.charts.svg import element, svg_document, xml_text
from kpirules.spc import AssuranceType, Side, VariationType

__all__ = ["assurance_icon", "variation_icon"]

SIZE = 40
_COLOURS = {
    VariationType.COMMON_CAUSE: "#5f6368",
    VariationType.IMPROVING: "#1d4f91",
    VariationType.CONCERNING: "#b44c00",
    VariationType.NEITHER: "#6a3d9a",
    AssuranceType.PASSING: "#1d4f91",
    AssuranceType.FAILING: "#b44c00",
    AssuranceType.HIT_AND_MISS: "#5f6368",
}


def _ring(colour: str) -> str:
    return element("circle", {"cx": 20, "cy": 20, "r": 18, "fill": "#ffffff",
                              "stroke": colour, "stroke-width": 3})


def _letter(text: str, colour: str, y: int = 25) -> str:
    return element("text", {"x": 20, "y": y, "font-size": 15, "font-weight": "bold",
                            "fill": colour, "text-anchor": "middle"}, xml_text(text))


def variation_icon(kind: VariationType, side: Side | None = None, *,
                   id_prefix: str = "variation") -> str:
    """The icon of a variation; `side` (the deciding signal's) gives `H` or `L`."""
    colour = _COLOURS[kind]
    body = [_ring(colour)]
    if kind is VariationType.COMMON_CAUSE or side is None:
        points = "9,22 14,17 19,23 24,16 29,22 32,19"
        body.append(element("polyline", {"points": points, "fill": "none", "stroke": colour,
                                          "stroke-width": 2}))
        words = kind.words
    else:
        body.append(_letter("H" if side is Side.HIGH else "L", colour, 22))
        tip, base = (Fraction(27), Fraction(33)) if side is Side.HIGH else (Fraction(33),
                                                                             Fraction(27))
        body.append(element("polygon", {"points": f"16,{base} 24,{base} 20,{tip}",
                                        "fill": colour}))
        words = f"{kind.words}, {'high' if side is Side.HIGH else 'low'}"
    return svg_document(SIZE, SIZE, title=words[0].upper() + words[1:],
                        desc=f"SPC variation icon: {words}", body=body, id_prefix=id_prefix)


def assurance_icon(kind: AssuranceType, *, id_prefix: str = "assurance") -> str:
    """The icon of an assurance reading."""
    colour = _COLOURS[kind]
    letter = {AssuranceType.PASSING: "P", AssuranceType.FAILING: "F",
              AssuranceType.HIT_AND_MISS: "?"}[kind]
    body = [_ring(colour),
            element("line", {"x1": 8, "y1": 30, "x2": 32, "y2": 30, "stroke": colour,
                             "stroke-width": 2, "stroke-dasharray": "3 2"}),
            _letter(letter, colour, 24)]
    words = {AssuranceType.PASSING: "consistently passing the target",
             AssuranceType.FAILING: "consistently failing the target",
             AssuranceType.HIT_AND_MISS: "hit and miss: the target is met only some of the "
                                         "time"}[kind]
    return svg_document(SIZE, SIZE, title=f"Assurance: {words}",
                        desc=f"SPC assurance icon: {kind.words}", body=body,
                        id_prefix=id_prefix)
