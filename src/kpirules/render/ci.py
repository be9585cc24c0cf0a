"""Results of checks in the formats CI systems read: JUnit XML and SARIF 2.1.0.

Validation issues and audit findings both become `Annotation`s: a rule code and its
title, a level, a message and a location, and whether the annotation fails the run.

- JUnit XML (for test dashboards: Azure DevOps, GitLab, Jenkins) has one test case per
  subject checked: a file for `validate`, an indicator for `audit`. A subject with
  failing annotations is a failed test case whose one `<failure>` lists every one of
  them; annotations that do not fail the run are listed in the case's `<system-out>`.
- SARIF 2.1.0 (for code-scanning annotations on a pull request's lines) has one run,
  with the rule of every code reported and one result per annotation.

Both are deterministic: the same annotations give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from kpirules.issues import Location
from kpirules.text import escape_controls, json_text, xml_controls

__all__ = ["SARIF_SCHEMA", "Annotation", "Level", "render_junit", "render_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

Level = Literal["error", "warning", "note"]

# XML 1.0 allows no control characters but tab, LF and CR, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Annotation:
    """One located result of a check, as a CI format needs it."""

    code: str
    title: str
    """The rule's one-line title (`unknown field`)."""
    level: Level
    """How a code-scanning tool should show it: error, warning or note."""
    message: str
    location: Location
    fails: bool
    """Whether it fails the run (an error; anything but a note under --strict)."""
    severity: str = ""
    """kpirules' own severity word (`future`, `rounding`) when it says more than `level`."""
    related: tuple[Location, ...] = field(default=())

    def line(self) -> str:
        """GCC style, as the text format prints it."""
        # One annotation, one line: a message quoting a key with a line break in it
        # cannot start a line of its own (a forged `::error` in a CI log).
        return (f"{self.location}: {self.severity or self.level}: {self.code} "
                f"{escape_controls(self.message)}")


# --- JUnit ------------------------------------------------------------------------------


def render_junit(suite: str, cases: Mapping[str, Sequence[Annotation]], *,
                 classname: str) -> str:
    """A `<testsuites>` document with one suite, one test case per key of `cases`.

    `cases` maps each subject checked (every one, including those with nothing to say)
    to its annotations; subjects are listed in the order given.
    """
    body: list[str] = []
    failed = 0
    for name, found in cases.items():
        failing = [a for a in found if a.fails]
        other = [a for a in found if not a.fails]
        attributes = f"name={_attr(name)} classname={_attr(classname)} time=\"0\""
        if not found:
            body.append(f"    <testcase {attributes}/>")
            continue
        body.append(f"    <testcase {attributes}>")
        if failing:
            failed += 1
            first = failing[0]
            summary = f"{first.code} {first.message}"
            if len(failing) > 1:
                summary = f"{len(failing)} failures; first: {summary}"
            text = "\n".join(a.line() for a in failing)
            body.append(f"      <failure message={_attr(summary)} type={_attr(first.code)}>"
                        f"{_text(text)}</failure>")
        if other:
            text = "\n".join(a.line() for a in other)
            body.append(f"      <system-out>{_text(text)}</system-out>")
        body.append("    </testcase>")
    head = (f"<testsuites name={_attr(suite)} tests=\"{len(cases)}\" failures=\"{failed}\" "
            f"errors=\"0\" skipped=\"0\" time=\"0\">\n"
            f"  <testsuite name={_attr(suite)} tests=\"{len(cases)}\" failures=\"{failed}\" "
            f"errors=\"0\" skipped=\"0\" time=\"0\">")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', head, *body,
             "  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _attr(text: str) -> str:
    return xml_controls(quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}))


def _text(text: str) -> str:
    return xml_controls(escape(_clean(text)))


# --- SARIF ------------------------------------------------------------------------------


def render_sarif(annotations: Iterable[Annotation], *, version: str,
                 rules: Mapping[str, str]) -> str:
    """A SARIF 2.1.0 log with one run of kpirules.

    `rules` maps every code kpirules may report to its title; the run's driver lists
    the rules of the codes reported, in code order, and each result points at its rule.
    """
    items = list(annotations)
    codes = sorted({a.code for a in items})
    index = {code: i for i, code in enumerate(codes)}
    driver: dict[str, Any] = {
        "name": "kpirules",
        "version": version,
        "semanticVersion": version,
        "rules": [_rule(code, rules.get(code, ""), items) for code in codes],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [_result(a, index[a.code]) for a in items],
        }],
    }
    return json_text(log, indent=2) + "\n"


def _rule(code: str, title: str, items: Sequence[Annotation]) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": code}
    if title:
        rule["shortDescription"] = {"text": title}
    levels = {a.level for a in items if a.code == code}
    default = "error" if "error" in levels else ("warning" if "warning" in levels else "note")
    rule["defaultConfiguration"] = {"level": default}
    return rule


def _result(annotation: Annotation, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": annotation.code,
        "ruleIndex": rule_index,
        "level": annotation.level,
        "message": {"text": annotation.message},
        "locations": [{"physicalLocation": _physical(annotation.location)}],
    }
    if annotation.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(location)}
            for i, location in enumerate(annotation.related, start=1)
        ]
    properties: dict[str, Any] = {"fails": annotation.fails}
    if annotation.severity:
        properties["severity"] = annotation.severity
    result["properties"] = properties
    return result


def _physical(location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(location.path)}
    if location.line > 0:
        region: dict[str, int] = {"startLine": location.line}
        if location.column > 0:
            region["startColumn"] = location.column
        physical["region"] = region
    return physical


def _artifact(path: str) -> dict[str, str]:
    """A relative path stays relative to the repository root (`%SRCROOT%`), as code
    scanning expects; an absolute one becomes a file URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix())}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}
