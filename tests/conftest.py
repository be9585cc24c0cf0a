"""Shared test settings: a hypothesis profile for CI, loaded by default.

`HYPOTHESIS_PROFILE=dev` (more examples) or `HYPOTHESIS_PROFILE=ci` selects a profile;
`mutation` (derandomized, no example database) is what `benchmarks/run_mutation.py` uses,
so that two mutation runs over the same mutants give the same verdicts.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    print_blob=True,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    deadline=None,
    print_blob=True,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
