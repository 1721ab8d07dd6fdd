"""Users, their role and their force.

A user has one role and belongs to at most one force. The role decides what they may do;
the force decides what they may see (see each model's `visible_to`).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from peel.change_record import RecordsChanges


class Role(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    FORCE_LEAD = "force_lead", "Force lead"
    FORCE_MANAGER = "force_manager", "Force manager"
    NATIONAL_MANAGER = "national_manager", "National manager"


FORCE_ROLES = (Role.FORCE_LEAD, Role.FORCE_MANAGER)
NATIONAL_ROLES = (Role.INSPECTOR, Role.NATIONAL_MANAGER)


class User(RecordsChanges, AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    force = models.ForeignKey(
        "inspections.Force",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Force staff only: the force whose findings and actions they work on.",
    )

    class Meta:
        constraints = [
            # Force staff belong to exactly one force; national roles to none.
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in FORCE_ROLES], force__isnull=False)
                    | (~Q(role__in=[r.value for r in FORCE_ROLES]) & Q(force__isnull=True))
                ),
                name="user_force_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[*Role.values, ""]),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def is_force_lead(self) -> bool:
        return self.role == Role.FORCE_LEAD

    @property
    def is_force_staff(self) -> bool:
        return self.role in FORCE_ROLES

    @property
    def sees_all_forces(self) -> bool:
        """Inspectors and national managers work across every force."""
        return self.role in NATIONAL_ROLES
