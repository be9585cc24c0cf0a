"""Shared pieces of the report tests: the seed's report, built once, and an HTML reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from kpirules.benchmarks import read_benchmarks
from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.evaluation.evaluate import as_at_period
from kpirules.observations import read_observations
from kpirules.render.report import ReportData, build_report
from kpirules.reports import read_reports

__all__ = ["SPECS", "Page", "parse_page", "seed", "seed_report"]

SPECS = Path(__file__).resolve().parents[1] / "specs"


@cache
def seed() -> Catalogue:
    return load_catalogue(SPECS)


@cache
def seed_report() -> ReportData:
    catalogue = seed()
    observations = read_observations(catalogue)
    as_at = as_at_period(catalogue, observations, None)
    return build_report(catalogue, observations, as_at, read_reports(catalogue),
                        benchmarks=read_benchmarks(catalogue), generator="kpirules test")


@dataclass
class Page(HTMLParser):
    """Start tags in order, the text, and the text of elements by class within cards."""

    tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    cards: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _card: str | None = None
    _measure: dict[str, str] | None = None
    _capture: str | None = None
    _buffer: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))
        named = dict(attrs)
        if tag == "article" and named.get("data-indicator"):
            self._card = named["data-indicator"]
            self.cards.setdefault(self._card or "", [])
        if tag == "section" and named.get("data-measure") and self._card is not None:
            self._measure = {"measure": named["data-measure"] or ""}
            self.cards[self._card].append(self._measure)
        classes = (named.get("class") or "").split()
        if tag == "dd" and self._measure is not None and classes:
            self._capture, self._buffer = classes[0], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "dd" and self._capture is not None and self._measure is not None:
            self._measure[self._capture] = " ".join("".join(self._buffer).split())
            self._capture = None
        if tag == "article":
            self._card, self._measure = None, None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._capture is not None:
            self._buffer.append(data)


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
