"""Strategies and helpers for the documentation tests.

Specs come from the shared `strategies.spec_sets`; this module turns a generated spec
set into a built `Catalogue` without touching the file system (YAML text, the located
loader, validation, then the builder).
"""

from __future__ import annotations

from kpirules.catalogue import Catalogue, build_catalogue
from kpirules.models import CatalogueSpec, IndicatorSpec
from kpirules.specfiles import SpecSet, validate_document
from kpirules.validation import validate_spec_set
from kpirules.yamlsource import parse_yaml
from strategies import SCHEMA_COMMENT, SpecSetData, dump_yaml

__all__ = ["build_generated"]


def build_generated(specs: SpecSetData) -> Catalogue:
    """The catalogue a generated spec set builds into, read and validated as files are."""
    files = specs.files()
    catalogue = validate_document(
        parse_yaml(dump_yaml(files.pop("catalogue.yaml")).text, "specs/catalogue.yaml"),
        CatalogueSpec)
    indicators = tuple(
        validate_document(parse_yaml(dump_yaml(data, header=SCHEMA_COMMENT).text,
                                     f"specs/{name}"), IndicatorSpec)
        for name, data in sorted(files.items())
    )
    report = validate_spec_set(SpecSet(catalogue, indicators))
    blocking = [issue.format() for issue in report.issues if issue.blocking]
    assert blocking == [], blocking
    return build_catalogue(report.specs)
