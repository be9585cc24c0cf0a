"""A small catalogue with areas: eight local authorities in two regions, three groups.

Figures are chosen by hand so that ranks, ties and quartiles can be checked by eye:
smoking prevalence (lower is better) for 2019, with two authorities tied.
"""

from __future__ import annotations

from pathlib import Path

from factories import write_catalogue

AREAS = """\
types:
  country: Country
  region: Region
  local-authority: Local authority
areas:
  - {code: E92000001, name: England, type: country}
  - {code: E12000007, name: London, type: region, parent: E92000001}
  - {code: E12000001, name: North East, type: region, parent: E92000001}
  - {code: E09000002, name: Barking and Dagenham, type: local-authority, parent: E12000007}
  - {code: E09000003, name: Barnet, type: local-authority, parent: E12000007}
  - {code: E09000004, name: Bexley, type: local-authority, parent: E12000007}
  - {code: E09000005, name: Brent, type: local-authority, parent: E12000007}
  - {code: E09000006, name: Bromley, type: local-authority, parent: E12000007}
  - {code: E09000007, name: Camden, type: local-authority, parent: E12000007}
  - {code: E06000001, name: Hartlepool, type: local-authority, parent: E12000001}
  - {code: E06000002, name: Middlesbrough, type: local-authority, parent: E12000001}
groups:
  - {id: england, title: English local authorities, type: local-authority,
     benchmark: E92000001}
  - {id: london-boroughs, title: London boroughs, type: local-authority,
     parent: E12000007, benchmark: E12000007}
  - {id: neighbours, title: Nearest neighbours,
     members: [E09000002, E06000001, E06000002, E09000005]}
"""

CATALOGUE = """\
id: public-health
title: Public health by area
latest_report: "2019"
defaults:
  calendar: calendar
  frequency: annual
  rag:
    tolerance: {relative: 5, points: 2}
themes:
  - {id: health, title: Health}
data:
  observations: [data]
  areas: [areas.yaml]
"""

SMOKING = """\
id: smoking
title: Smoking prevalence in adults
theme: health
card: {definition: The percentage of adults who smoke.}
polarity: lower_is_better
unit: percentage
decimals: 1
aggregation: snapshot
targets:
  "2019": {value: 15}
"""

RECYCLING = """\
id: recycling
title: Household waste recycled
theme: health
card: {definition: The percentage of household waste sent for recycling.}
polarity: higher_is_better
unit: percentage
decimals: 1
aggregation: snapshot
targets:
  "2019": {value: 30}
"""

# 2019 smoking: Brent and Bromley tie at 14.0 (lower is better).
SMOKING_2019 = {
    "E09000002": "19.5", "E09000003": "11.2", "E09000004": "13.1", "E09000005": "14.0",
    "E09000006": "14.0", "E09000007": "12.6", "E06000001": "17.9", "E06000002": "16.4",
    "E92000001": "13.9", "E12000007": "12.9", "E12000001": "15.3",
}
SMOKING_2018 = {code: str(float(v) + 0.5) for code, v in SMOKING_2019.items()}
RECYCLING_2019 = {
    "E09000002": "24.0", "E09000003": "31.5", "E09000004": "52.0", "E09000005": "33.1",
    "E09000006": "48.9", "E09000007": "27.5", "E06000001": "not_available",
    "E06000002": "33.1",
}

HEADER = "indicator,area,period,figure,status\n"


def rows() -> str:
    lines = [HEADER.rstrip("\n")]
    for code, figure in SMOKING_2019.items():
        lines.append(f"smoking,{code},2019,{figure},")
    for code, figure in SMOKING_2018.items():
        lines.append(f"smoking,{code},2018,{figure},")
    for code, figure in RECYCLING_2019.items():
        if figure == "not_available":
            lines.append(f"recycling,{code},2019,,not_available")
        else:
            lines.append(f"recycling,{code},2019,{figure},")
    return "\n".join(lines) + "\n"


def write_area_catalogue(root: Path, *, catalogue: str = CATALOGUE, areas: str = AREAS,
                         data: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    write_catalogue(root, catalogue, {"smoking": SMOKING, "recycling": RECYCLING},
                    theme="health")
    (root / "areas.yaml").write_text(areas)
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "figures.csv").write_text(rows() if data is None else data)
    return root
