"""Observations: the figures, one per row, read and checked against a catalogue."""

from kpirules.observations.model import NO_VALUE, Observation, ObservationKey, Source, Status
from kpirules.observations.reader import (
    AREA_COLUMNS,
    COLUMNS,
    parse_observation_files,
    parse_observations_csv,
    read_observations,
)
from kpirules.observations.store import ObservationSet

__all__ = [
    "AREA_COLUMNS",
    "COLUMNS",
    "NO_VALUE",
    "Observation",
    "ObservationKey",
    "ObservationSet",
    "Source",
    "Status",
    "parse_observation_files",
    "parse_observations_csv",
    "read_observations",
]
