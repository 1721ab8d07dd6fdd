"""Reading the reports: scoped through each model's `visible_to`, every count in the database.

Each function here runs a fixed, small number of queries whatever the data size; the
tests in tests/reports pin them. Python only arranges rows the database has already
counted (a few dozen at most): it never loops over actions or findings to count them.

- `common`: the figures every report counts for a set of actions, and who may see what;
- `force`: a force's report and an inspection's report;
- `national`: the national report and the most similar group comparison.
"""

from reports.selectors.common import (
    ACTIONABLE_KINDS,
    DEFAULT_MONTHS,
    LIST_LIMIT,
    MONTH_CHOICES,
    ActionFigures,
    action_count_expressions,
    may_see_national_report,
    percent,
    visible_forces,
)
from reports.selectors.force import (
    ForceReport,
    InspectionReport,
    InspectionSummary,
    MonthRow,
    force_report,
    inspection_report,
    judgment_grid,
    month_start,
    progress_by_month,
)
from reports.selectors.national import (
    DEFAULT_NATIONAL_SORT,
    NATIONAL_SORTS,
    Comparison,
    ForceRow,
    GradeCell,
    NationalReport,
    most_similar_comparison,
    national_forces,
    national_report,
)

__all__ = [
    "ACTIONABLE_KINDS",
    "DEFAULT_MONTHS",
    "DEFAULT_NATIONAL_SORT",
    "LIST_LIMIT",
    "MONTH_CHOICES",
    "NATIONAL_SORTS",
    "ActionFigures",
    "Comparison",
    "ForceReport",
    "ForceRow",
    "GradeCell",
    "InspectionReport",
    "InspectionSummary",
    "MonthRow",
    "NationalReport",
    "action_count_expressions",
    "force_report",
    "inspection_report",
    "judgment_grid",
    "may_see_national_report",
    "month_start",
    "most_similar_comparison",
    "national_forces",
    "national_report",
    "percent",
    "progress_by_month",
    "visible_forces",
]
