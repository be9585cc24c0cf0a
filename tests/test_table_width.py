"""The terminal table measures display width: wide characters take two columns,
combining marks none, so every column lines up whatever the script of a title."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import wcwidth
from hypothesis import given
from hypothesis import strategies as st

import kpirules
from kpirules.render import render_table
from kpirules.render.width import char_width, display_width, fit, pad

REPO = Path(__file__).resolve().parents[1]

# Stable blocks whose widths every Unicode version since 9 agrees on.
alphabet = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),     # ASCII
    st.characters(min_codepoint=0xC0, max_codepoint=0xFF),     # Latin-1 letters
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),   # combining diacritics
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # CJK ideographs
    st.characters(min_codepoint=0xAC00, max_codepoint=0xACFF),  # Hangul syllables
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # fullwidth forms
    st.characters(min_codepoint=0x3041, max_codepoint=0x3096),  # Hiragana
)
texts = st.text(alphabet, max_size=60)


@given(texts)
def test_width_agrees_with_wcwidth(text: str) -> None:
    """wcwidth (a test dependency only) is the oracle; kpirules uses unicodedata."""
    assert display_width(text) == wcwidth.wcswidth(text)


@pytest.mark.parametrize(("char", "width"), [
    ("a", 1), ("é", 1), ("\u0301", 0), ("中", 2), ("Ａ", 2), ("한", 2), ("\u200b", 0),
    ("\u200d", 0), ("…", 1), ("↑", 1),
])
def test_known_widths(char: str, width: int) -> None:
    assert char_width(char) == width


@given(texts, st.integers(1, 50))
def test_fit_never_overflows_and_cuts_whole_characters(text: str, width: int) -> None:
    shown = fit(text, width)
    assert display_width(shown) <= width
    if display_width(text) <= width:
        assert shown == text
    else:
        assert shown.endswith("…")
        kept = shown[:-1]
        assert text.startswith(kept)
        rest = text[len(kept):]
        assert char_width(rest[0]) > 0  # a combining mark stays with its letter


@given(texts, st.integers(0, 80), st.sampled_from(["<", ">", "^"]))
def test_pad_fills_to_the_width(text: str, width: int, align: str) -> None:
    padded = pad(text, width, align)  # type: ignore[arg-type]
    assert display_width(padded) == max(width, display_width(text))
    assert padded.strip(" ") == text.strip(" ")


def test_ascii_pads_as_python_formats() -> None:
    for align in "<>^":
        assert pad("abc", 8, align) == f"{'abc':{align}8}"  # type: ignore[arg-type]


TITLES = [
    "住民満足度調査：地域の安全と清潔さに関する評価の年次報告書",  # 28 wide characters
    "Cafe\u0301 and re\u0301sume\u0301 inspections completed within the target time",
    "Ｆｕｌｌｗｉｄｔｈ　ｆｏｒｍｓ",
]


def test_table_columns_line_up_with_wide_and_combining_titles() -> None:
    catalogue = kpirules.load_catalogue(REPO / "specs")
    results = list(kpirules.evaluate(catalogue))
    for i, title in enumerate(TITLES):
        results[i] = dataclasses.replace(results[i], title=title)
    lines = render_table(results).splitlines()
    assert max(display_width(line) for line in lines) <= 100
    for line in lines[:12]:
        if "2019/20 Q" in line or " 2018 " in line or " 2019 " in line:
            start = line.index(" 20") + 1
            assert display_width(line[:start]) == 44, line  # Indicator is 43 columns + 1
    wide = next(line for line in lines if line.startswith("住民"))
    assert wide.index("…") > 0 and display_width(wide[:wide.index("…") + 1]) <= 43
