"""Finding spec files and reading each into a validated model, collecting issues.

A specs folder holds one `catalogue.yaml` and one YAML file per indicator, usually in a
folder per theme. Reading never stops at the first bad file: each file is read and
validated on its own, and its issues are kept with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from kpirules.issues import Issue, Location, Severity
from kpirules.models import AreasSpec, CatalogueSpec, IndicatorSpec
from kpirules.paths import expand, repository_root
from kpirules.schema_issues import field_vocabulary, schema_issues
from kpirules.text import escape_controls
from kpirules.yamlsource import DEFAULT_MAX_BYTES, YamlDocument, read_yaml

__all__ = [
    "CATALOGUE_FILE",
    "SpecFile",
    "SpecSet",
    "areas_paths",
    "discover",
    "not_a_spec_folder",
    "read_spec_set",
    "validate_document",
]

CATALOGUE_FILE = "catalogue.yaml"
_SUFFIXES = (".yaml", ".yml")
_VOCABULARY = field_vocabulary([IndicatorSpec, CatalogueSpec, AreasSpec])

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SpecFile(Generic[M]):
    """One file: its located YAML, its model (None when invalid), and its issues."""

    path: str
    document: YamlDocument
    model: M | None
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class SpecSet:
    """The files of one catalogue: the catalogue file (if found) and the indicators."""

    catalogue: SpecFile[CatalogueSpec] | None
    indicators: tuple[SpecFile[IndicatorSpec], ...]
    issues: tuple[Issue, ...] = ()
    """Issues that belong to no single file (no catalogue found)."""
    areas: tuple[SpecFile[AreasSpec], ...] = ()
    """The areas files the catalogue lists under `data: areas:`."""

    @property
    def files(self) -> int:
        return len(self.indicators) + (self.catalogue is not None) + len(self.areas)

    def all_issues(self) -> list[Issue]:
        found = list(self.issues)
        if self.catalogue is not None:
            found.extend(self.catalogue.issues)
        for file in self.areas:
            found.extend(file.issues)
        for spec in self.indicators:
            found.extend(spec.issues)
        return found


def validate_document(document: YamlDocument, model: type[M]) -> SpecFile[M]:
    """Validate one composed document against a model, mapping errors to locations."""
    issues = list(document.issues)
    if document.root is None and not any(issue.blocking for issue in issues):
        issues.append(Issue("KPI014", Severity.ERROR,
                            "the file is empty; a spec file is a YAML mapping of fields to "
                            "values", Location(document.path, 1, 1)))
    if not document.ok:
        return SpecFile(document.path, document, None, tuple(issues))
    data = document.to_python()
    if not isinstance(data, dict):
        issues.append(Issue("KPI014", Severity.ERROR,
                            "a spec file is a YAML mapping of fields to values",
                            document.root.location if document.root else
                            Location(document.path, 1, 1)))
        return SpecFile(document.path, document, None, tuple(issues))
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        issues.extend(schema_issues(exc, document, _VOCABULARY))
        return SpecFile(document.path, document, None, tuple(issues))
    return SpecFile(document.path, document, instance, tuple(issues))


def discover(paths: Sequence[str | Path]) -> tuple[Path | None, list[Path], list[Issue]]:
    """The catalogue file and the indicator files for the given files and folders.

    A folder contributes every YAML file below it. The catalogue file is the one named
    `catalogue.yaml` among them or, failing that, the nearest one in a parent folder of
    the first path, so that a pre-commit hook can pass single indicator files.
    """
    catalogue: Path | None = None
    indicators: list[Path] = []
    listed: set[Path] = set()
    issues: list[Issue] = []
    found: list[Path] = []
    for given in paths:
        refused = not_a_spec_folder(given)
        if refused is not None:
            # Refused before walking: `validate /` must not read every YAML file on disk.
            issues.append(Issue("KPI024", Severity.ERROR, refused, Location(str(given))))
            continue
        # A file named on the command line is read as named; a file found in a folder
        # must resolve inside the folder's repository, so that a symbolic link in a pull
        # request cannot make the validator read (and quote) a file from elsewhere.
        root = repository_root(Path(given) / CATALOGUE_FILE) if Path(given).is_dir() else None
        files, missing = expand([given], _SUFFIXES, code="KPI009", what="file or folder",
                                root=root)
        found.extend(files)
        issues.extend(missing)
    for file in found:
        if file.name == CATALOGUE_FILE:
            if catalogue is None:
                catalogue = file
            elif file.resolve() != catalogue.resolve():
                issues.append(Issue("KPI024", Severity.ERROR,
                                    f"a second catalogue file; using {catalogue}",
                                    Location(str(file))))
        elif file not in listed:
            listed.add(file)
            indicators.append(file)
    if catalogue is None and paths:
        catalogue = _catalogue_above(Path(paths[0]))
    if catalogue is None and paths and not_a_spec_folder(paths[0]) is None:
        issues.append(Issue("KPI024", Severity.ERROR,
                            f"no {CATALOGUE_FILE} found in or above {paths[0]}",
                            Location(str(paths[0]))))
    return catalogue, indicators, issues


def not_a_spec_folder(path: str | Path) -> str | None:
    """Why the folder `path` is not walked for specs, or None when it may be.

    A folder is a specs folder when it, or a folder above it, holds `catalogue.yaml`
    (a theme folder inside a specs folder is one). Anything else (a repository's root,
    a home folder, `/`) is refused before a single entry below it is read. A path that
    is not a folder is not judged here.
    """
    folder = Path(path)
    if not folder.is_dir() or _catalogue_above(folder) is not None:
        return None
    hint = ""
    if (folder / "specs" / CATALOGUE_FILE).is_file():
        hint = f" (did you mean {escape_controls(str(folder / 'specs'))}?)"
    return (f"not a specs folder: no {CATALOGUE_FILE} in it or in a folder above it, so "
            f"it is not walked; name the specs folder{hint}")


def _catalogue_above(path: Path) -> Path | None:
    start = path.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        file = candidate / CATALOGUE_FILE
        if file.is_file():
            return _relative(file)
    return None


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def read_spec_set(
    paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
    data_root: str | Path | None = None,
) -> SpecSet:
    """Read and validate every spec file of the given files and folders.

    The areas files the catalogue lists are data paths: they must be YAML files inside
    the catalogue's repository root, or `data_root` when the user widens it
    (`kpirules.paths`); each that is not read is an issue at its `data:` entry.
    """
    catalogue_path, indicator_paths, issues = discover(paths)
    catalogue = None
    listed: tuple[Path, ...] = ()
    if catalogue_path is not None:
        catalogue = validate_document(read_yaml(catalogue_path, max_bytes=max_bytes),
                                      CatalogueSpec)
        if catalogue.model is not None:
            named = areas_paths(catalogue_path, catalogue.model)
            origins = tuple(catalogue.document.locate(("data", "areas", i))
                            for i in range(len(named)))
            root = data_root if data_root is not None else repository_root(catalogue_path)
            found, refused = expand(named, _SUFFIXES, code="KPI009", what="areas file",
                                    root=root, origins=origins, folders=False)
            listed = tuple(found)
            issues.extend(refused)
    # An areas file may sit among the specs; it is read as what the catalogue says it is.
    areas_files = {path.resolve() for path in listed}
    indicators = tuple(
        validate_document(read_yaml(path, max_bytes=max_bytes), IndicatorSpec)
        for path in indicator_paths if path.resolve() not in areas_files
    )
    areas = tuple(validate_document(read_yaml(path, max_bytes=max_bytes), AreasSpec)
                  for path in listed)
    return SpecSet(catalogue, indicators, tuple(issues), areas)


def areas_paths(catalogue_path: str | Path, spec: CatalogueSpec) -> tuple[Path, ...]:
    """The areas files a catalogue lists, relative to its folder."""
    root = Path(catalogue_path).parent
    return tuple(Path(os.path.normpath(root / name)) for name in spec.data.areas)


def iter_models(files: Iterable[SpecFile[M]]) -> list[tuple[SpecFile[M], M]]:
    """The files that validated, with their models."""
    return [(file, file.model) for file in files if file.model is not None]
