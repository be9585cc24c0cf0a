"""The catalogue file: defaults, themes, populations, and where the data is."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from kpirules.models.areas import AreasSpec
from kpirules.models.base import Id, Number, SpecModel, Text, YearLabel
from kpirules.models.indicator import CalendarName, Frequency
from kpirules.models.rating import DotSpec, RagSpec

__all__ = [
    "BenchmarkSpec",
    "CatalogueSpec",
    "DataSources",
    "Defaults",
    "Population",
    "PopulationFigure",
    "Theme",
]


class Theme(SpecModel):
    id: Id
    title: Text
    description: Text | None = None
    indicators: tuple[Id, ...] = ()
    """The theme's indicators in report order; any not listed follow, by file name."""


class PopulationFigure(SpecModel):
    year: YearLabel
    """The year the figure applies to, in the calendar of the indicators using it."""
    value: Annotated[Number, Field(gt=0)]
    source: Text
    """Where the figure comes from; say so when it is implied by other figures."""
    implied: bool = False
    """True when the source does not state the figure but other figures imply it."""


class Population(SpecModel):
    """A population that rates are per N of, or households that totals are divided by."""

    title: Text
    figures: tuple[PopulationFigure, ...] = ()
    """Figures by year; none when the source names the population but gives no figure."""
    note: Text | None = None


class BenchmarkSpec(SpecModel):
    """A benchmark figures are compared with: England, a region, a comparator group."""

    label: Text
    """As the explanation names it: `England`, `London`, `statistical neighbours`."""
    area: Text | None = None
    """The area code it stands for, e.g. `E92000001` for England."""
    group: Id | None = None
    """The comparator group (declared under `areas`) it stands for; a rank given with
    this benchmark's figures is a rank within this group, which the audit checks."""
    aggregate: Literal["mean", "median"] | None = None
    """Compute the benchmark's figures as the mean or median of the `group` members' own
    figures for each period, instead of reading them from benchmark files."""
    note: Text | None = None


class Defaults(SpecModel):
    """What a spec that says nothing gets."""

    calendar: CalendarName = CalendarName.FINANCIAL
    frequency: Frequency = Frequency.QUARTERLY
    rag: RagSpec
    dot: DotSpec = DotSpec()
    population_tolerance: Annotated[Number, Field(ge=0)] = Decimal(2)
    """Per cent by which a population implied by a published count and rate may move
    between consecutive periods before the audit questions it."""


class DataSources(SpecModel):
    """Paths, relative to the catalogue file, of the data that goes with the specs."""

    observations: tuple[Text, ...] = ()
    """Observation files or folders (CSV or YAML)."""
    reports: tuple[Text, ...] = ()
    """Report files: what a report published, and the judgements behind its ratings."""
    areas: tuple[Text, ...] = ()
    """Areas files (YAML, the shape of the catalogue's `areas`): area types, areas and
    comparator groups kept apart from the catalogue, e.g. every local authority."""
    benchmarks: tuple[Text, ...] = ()
    """Benchmark figure files or folders (CSV): England's, a region's, a group's figures."""


class CatalogueSpec(SpecModel):
    """The catalogue file, `catalogue.yaml`, at the top of a specs folder."""

    id: Id
    title: Text
    organisation: Text | None = None
    description: Text | None = None
    source: Text | None = None
    latest_report: YearLabel | None = None
    """The period of the latest report, e.g. `2019/20 Q2`: what `evaluate` shows by default."""
    defaults: Defaults
    themes: tuple[Theme, ...] = Field(min_length=1)
    populations: dict[Id, Population] = Field(default_factory=dict)
    benchmarks: dict[Id, BenchmarkSpec] = Field(default_factory=dict)
    """The benchmarks indicators compare with, by id; their figures are in data files."""
    data: DataSources = DataSources()
    areas: AreasSpec | None = None
    """The areas figures are published for, and comparator groups; none for a
    catalogue of one organisation."""
