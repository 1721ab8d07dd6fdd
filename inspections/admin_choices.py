"""What the admin offers and fixes: a cycle's own pillars and questions, and the
inspection or force a record may no longer be moved from."""

from __future__ import annotations

from django.db.models import Model
from django.forms import ModelChoiceField
from django.http import HttpRequest

from inspections.models import Cycle

#: The cycle whose framework the admin form in this request is about (set by get_form).
_CYCLE = "_peel_admin_cycle"


def area_label(area) -> str:
    """A pillar or question with its cycle: "Investigating crime (PEEL 2018/19)"."""
    return f"{area.name} ({area.cycle.name})"


class CycleFramework:
    """Admin mixin: the pillar and question fields offer only the cycle of the inspection
    being edited (every cycle on a new record), each labelled with its cycle."""

    def set_cycle(self, request: HttpRequest, cycle: Cycle | None) -> None:
        setattr(request, _CYCLE, cycle)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in ("pillar", "question"):
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        cycle = getattr(request, _CYCLE, None)
        areas = db_field.related_model.objects.select_related("cycle")
        kwargs["queryset"] = areas.filter(cycle=cycle) if cycle else areas
        field: ModelChoiceField = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = area_label
        return field


class CycleFrameworkInline(CycleFramework):
    """For inlines on the inspection's page: the cycle is the inspection's."""

    def get_formset(self, request, obj: Model | None = None, **kwargs):
        self.set_cycle(request, getattr(obj, "cycle", None))
        return super().get_formset(request, obj, **kwargs)
