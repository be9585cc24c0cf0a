"""An example value for every field of the spec models, as YAML in flow style.

`example(model, field)` looks for `Model.field` first, then for the field's name alone,
then in the field's own `examples`; a field's `kind` literal is its own example. A test
checks that every field of every model has an example and that each example is valid
for its field, so the spec reference never shows an example the loader would refuse.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

__all__ = ["EXAMPLES", "example"]

EXAMPLES: dict[str, str] = {
    # Shared by name
    "note": "Where the figure comes from, in words",
    "title": "The number of anti-social behaviour incidents reported in the borough",
    "of": "calls to the police",
    "span": "year_to_date",
    "numerator": "permanent admissions of people aged 65+ to care homes",
    "description": "The council's corporate performance indicators, reported each quarter",
    "source": "Key Performance Indicators 2019/20, Quarter 2 (Appendix 2)",
    # Indicator and measure fields
    "IndicatorSpec.theme": "enforcement-and-community-safety",
    "IndicatorSpec.polarity": "lower_is_better",
    "IndicatorSpec.unit": "{kind: count, of: calls to the police}",
    "IndicatorSpec.decimals": "0",
    "IndicatorSpec.aggregation": "cumulative",
    "IndicatorSpec.targets": "{2019/20: {profile: [1357, 2757, 4005, 5226]}, "
    "2018/19: {none: not_stated}}",
    "IndicatorSpec.rag": "{tolerance: {relative: 5, points: 5}}",
    "IndicatorSpec.dot": "{comparator: previous_period}",
    "IndicatorSpec.card": "{definition: The number of calls to the police about "
    "anti-social behaviour}",
    "IndicatorSpec.benchmarking": "{text: 'London: 29.5 per 1,000'}",
    "IndicatorSpec.calendar": "calendar",
    "IndicatorSpec.frequency": "annual",
    "IndicatorSpec.lag": "{months: 1, note: The indicator is reported 1 month in arrears.}",
    "IndicatorSpec.measures": "[{id: mean, title: Mean gender pay gap}, {id: median, "
    "title: Median gender pay gap}]",
    "IndicatorSpec.headline": "mean",
    "IndicatorSpec.breakdowns": "[{id: by-service, title: Days lost by service block, "
    "dimensions: [service-block], unit: days}]",
    "IndicatorSpec.notes": "[The card's history is joined with '; '.]",
    "MeasureSpec.id": "median",
    "MeasureSpec.title": "Median gender pay gap (£ per hour, men minus women)",
    "MeasureSpec.polarity": "closest_to",
    "MeasureSpec.unit": "money",
    "MeasureSpec.decimals": "2",
    "MeasureSpec.aggregation": "snapshot",
    "MeasureSpec.targets": "{2019/20: {value: 0}}",
    "MeasureSpec.rag": "{tolerance: {absolute: 0.05}}",
    "MeasureSpec.dot": "{unchanged_within: 0.01}",
    "Card.definition": "Anti-social behaviour includes noise, begging and street drinking.",
    "Card.how_it_works": "As defined, it is a count of all calls reported to the police.",
    "Card.what_good_looks_like": "A year on year reduction in calls.",
    "Card.why_it_matters": "One of the high-volume MOPAC priorities for the borough.",
    "Card.history": "'2017/18: 5929 calls; 2018/19: 5,227 calls.'",
    "Card.issues_to_consider": "In year data is provisional.",
    "Card.data_source": "Metropolitan Police",
    "Benchmarking.text": "'London: 29.5 per 1,000 residents'",
    "Lag.months": "1",
    "BreakdownSpec.id": "days-by-service-block",
    "BreakdownSpec.title": "Average days lost per employee, by service block",
    "BreakdownSpec.dimensions": "[service-block, ethnicity]",
    "BreakdownSpec.unit": "{kind: count, of: employees}",
    "BreakdownSpec.decimals": "1",
    "BreakdownSpec.measure": "mean",
    "BreakdownSpec.total": "{share: {ethnicity: BAME}}",
    "BreakdownSpec.rate": "measure",
    "BreakdownRating.polarity": "lower_is_better",
    "BreakdownRating.targets": "{2019/20: {value: 20}}",
    "BreakdownRating.rag": "{tolerance: {relative: 10}}",
    "BreakdownRating.dot": "{comparator: previous_period}",
    "ShareTotal.share": "{ethnicity: BAME}",
    # Units
    "BasicUnit.kind": "percentage",
    "MoneyUnit.currency": "GBP",
    "MoneyUnit.of": "forecast overspend against the revenue budget",
    "RateUnit.of": "permanent admissions to residential and nursing care homes",
    "MoneyUnit.scale": "millions",
    "RateUnit.per": "100000",
    "RateUnit.population": "people-65-plus",
    # Aggregations
    "AverageAggregation.of": "months",
    "RollingAggregation.months": "12",
    "RatioAggregation.numerator": "care leavers in education, employment or training",
    "RatioAggregation.denominator": "care leavers whose birthday falls in the period",
    "RatioAggregation.scale": "100",
    "RatioAggregation.span": "period",
    "RatioAggregation.year_to_date": "unweighted",
    "PerHouseholdAggregation.numerator": "recycled materials collected (kg)",
    "PerHouseholdAggregation.households": "households",
    "SurveyAggregation.respondents": "1101",
    "FormulaAggregation.formula": "affordable / completed * 100",
    "FormulaAggregation.inputs": "{affordable: affordable homes completed, "
    "completed: homes completed}",
    # Targets, RAG and DOT
    "TargetSpec.value": "75",
    "TargetSpec.profile": "[4.0, n/a, 3.5, 3.5]",
    "TargetSpec.band": "{low: 28, high: 40}",
    "TargetSpec.annual": "1236",
    "TargetSpec.none": "to_be_agreed",
    "TargetSpec.note": "Targets to be agreed",
    "Band.low": "28",
    "Band.high": "40",
    "RagSpec.tolerance": "{relative: 5, points: 5}",
    "RagSpec.rules": "[{when: value >= target, rating: G}, {when: value >= target * 0.9, "
    "rating: A}, {otherwise: R}]",
    "RagSpec.note": "The card rates within 10% of target as Amber.",
    "Tolerance.relative": "5",
    "Tolerance.points": "5",
    "Tolerance.absolute": "0.5",
    "RagRule.when": "value >= target * 0.95",
    "RagRule.rating": "A",
    "RagRule.label": "within 5% of target",
    "Assessment.significance": "worse",
    "RagSpec.compare": "{benchmark: england, confidence: 0.95}",
    "CompareRating.benchmark": "england",
    "CompareRating.confidence": "0.95",
    "CompareRating.period": "same",
    "CompareRating.use_benchmark_interval": "false",
    "CompareRating.better": "G",
    "CompareRating.similar": "A",
    "CompareRating.worse": "R",
    "TargetSpec.floor": "85",
    # Statistics
    "IndicatorSpec.statistics": "{interval: {method: auto, confidence: [0.95, 0.998]}}",
    "MeasureSpec.statistics": "{interval: {confidence: [0.95]}, compare: {benchmark: london}}",
    "MeasureFields.statistics": "{interval: {method: auto, confidence: [0.95, 0.998]}}",
    "StatisticsSpec.interval": "{method: auto, confidence: [0.95, 0.998]}",
    "StatisticsSpec.compare": "{benchmark: england, confidence: 0.95}",
    "StatisticsSpec.note": "Intervals as the public-health profiles compute them.",
    "IntervalSpec.method": "auto",
    "IntervalSpec.confidence": "[0.95, 0.998]",
    "CompareSpec.benchmark": "england",
    "CompareSpec.confidence": "0.95",
    "CompareSpec.period": "latest",
    "CompareSpec.use_benchmark_interval": "false",
    "CatalogueSpec.benchmarks": "{england: {label: England, area: E92000001}}",
    "BenchmarkSpec.label": "England",
    "BenchmarkSpec.area": "E92000001",
    "BenchmarkSpec.group": "london-boroughs",
    "BenchmarkSpec.aggregate": "mean",
    "BenchmarkSpec.note": "All of England, as the public-health profiles publish it.",
    "DataSources.benchmarks": "[../data/benchmarks]",
    "RagOtherwise.otherwise": "R",
    "DotSpec.comparator": "same_period_last_year",
    "DotSpec.unchanged_within": "0.5",
    "DotSpec.note": "The card's arrow is 'DOT from Qtr 4 2018/19'.",
    "FixedComparator.period": "2018/19 Q4",
    # Catalogue file
    "CatalogueSpec.id": "lbbd-kpi-2019-20",
    "CatalogueSpec.title": "Key Performance Indicators 2019/20",
    "CatalogueSpec.organisation": "London Borough of Barking and Dagenham",
    "CatalogueSpec.latest_report": "2019/20 Q2",
    "CatalogueSpec.defaults": "{rag: {tolerance: {relative: 5, points: 5}}}",
    "CatalogueSpec.themes": "[{id: public-realm, title: Public Realm}]",
    "CatalogueSpec.populations": "{households: {title: Households in the borough, "
    "figures: [{year: 2019/20, value: 77136, source: the recycling card}]}}",
    "CatalogueSpec.data": "{observations: [../data/observations], "
    "reports: [../data/reports/2019-20-q2]}",
    "Defaults.calendar": "financial",
    "Defaults.frequency": "quarterly",
    "Defaults.rag": "{tolerance: {relative: 5, points: 5}}",
    "Defaults.dot": "{comparator: same_period_last_year, unchanged_within: 0}",
    "Defaults.population_tolerance": "3",
    "Theme.id": "public-realm",
    "Theme.title": "Public Realm",
    "Theme.description": "Streets, parks and waste",
    "Theme.indicators": "[fly-tipping-tonnes, green-flag-parks]",
    "Population.title": "Residents aged 65 and over",
    "Population.figures": "[{year: 2019/20, value: 19755, source: 'Implied: 110 admissions "
    "= 556.8 per 100,000', implied: true}]",
    "PopulationFigure.year": "2019/20",
    "PopulationFigure.value": "77136",
    "PopulationFigure.source": "\"Recycling card: '77,136 households 2019/20'\"",
    "PopulationFigure.implied": "true",
    "DataSources.observations": "[../data/observations]",
    "DataSources.reports": "[../data/reports/2019-20-q2]",
    "DataSources.areas": "[../data/areas.yaml]",
    "CatalogueSpec.areas": "{types: {borough: London borough}, areas: [{code: E09000002, "
    "name: Barking and Dagenham, type: borough}], home: E09000002}",
    # Areas (in the catalogue or an areas file)
    "AreasSpec.types": "{region: Region, local-authority: Local authority}",
    "AreasSpec.areas": "[{code: E12000007, name: London, type: region}]",
    "AreasSpec.groups": "[{id: london-boroughs, title: London boroughs, type: local-authority, "
    "parent: E12000007}]",
    "AreasSpec.home": "E09000002",
    "AreaSpec.code": "E09000002",
    "AreaSpec.name": "Barking and Dagenham",
    "AreaSpec.type": "local-authority",
    "AreaSpec.parent": "E12000007",
    "AreaGroupSpec.id": "nearest-neighbours",
    "AreaGroupSpec.title": "CIPFA nearest neighbours",
    "AreaGroupSpec.members": "[E09000002, E09000026, E06000034]",
    "AreaGroupSpec.type": "local-authority",
    "AreaGroupSpec.parent": "E12000007",
    "AreaGroupSpec.benchmark": "E92000001",
    # Report file
    "ReportSpec.report": "2019/20 Q2",
    "ReportSpec.title": "Key Performance Indicators 2019/20, Quarter 2",
    "ReportSpec.assessments": "[{indicator: asb-incidents, period: 2019/20 Q2, rag: R}]",
    "Assessment.indicator": "newsletter-subscribers",
    "Assessment.measure": "median",
    "Assessment.period": "2019/20 Q2",
    "Assessment.rag": "A",
    "Assessment.dot": "↑",
    "Assessment.dot_label": "DOT from Qtr 2 2018/19",
    "Assessment.judgement": "{rating: A, reason: '\"below the Q2 16,000 target\"'}",
    "Assessment.overview": "Subscriber numbers have stayed the same.",
    "Assessment.actions": "Targeted comms activity to drive up subscribers.",
    "Judgement.rating": "A",
    "Judgement.reason": "'\"subscriber numbers have stayed the same\"'",
    "Judgement.quoted_from": "Performance Overview",
    # Statistical process control
    "IndicatorSpec.spc": "{baseline: {first: 12}, rebase: [{period: 2021-04, reason: The "
    "online claim form replaced the paper form}], rules: {run: 7, trend: 7}}",
    "MeasureSpec.spc": "{}",
    "SpcSpec.baseline": "{start: 2019-04, end: 2020-03}",
    "SpcSpec.rebase": "[{period: 2021/22 Q1, reason: A new referral pathway from April "
    "2021}]",
    "SpcSpec.rules": "{run: 8, trend: 6}",
    "SpcSpec.screen_outliers": "false",
    "SpcSpec.minimum_points": "13",
    "SpcBaseline.first": "12",
    "SpcBaseline.start": "2019-04",
    "SpcBaseline.end": "2020-03",
    "SpcRebase.period": "2021-04",
    "SpcRebase.reason": "The online claim form replaced the paper form",
    "SpcRules.run": "7",
    "SpcRules.trend": "7",
    "RagSpec.assurance": "{hit_and_miss: R}",
    "AssuranceRating.consistently_passing": "G",
    "AssuranceRating.hit_and_miss": "A",
    "AssuranceRating.consistently_failing": "R",
    "DotSpec.method": "spc",
}


def example(model: type[BaseModel], name: str) -> str | None:
    """The example of one field as YAML text, or None when there is none."""
    found = EXAMPLES.get(f"{model.__name__}.{name}") or EXAMPLES.get(name)
    if found is not None:
        return found
    field = model.model_fields[name]
    if field.examples:
        return str(field.examples[0])
    return _literal(field.annotation)


def _literal(annotation: Any) -> str | None:
    if get_origin(annotation) is Literal:
        return str(get_args(annotation)[0])
    return None
