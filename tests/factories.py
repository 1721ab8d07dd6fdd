"""factory_boy factories. Reference data (forces, cycles) comes from the real loaders."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Role, User
from improvements.models import Action, ActionUpdate, Evidence
from inspections.models import Cycle, Finding, FindingKind, Force, Inspection, Judgment


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"force-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title() + " Police")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Plain names (no apostrophes), so that pages can be searched for them as written.
    first_name = factory.Iterator(["Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Gareth"])
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.FORCE_LEAD
    force = factory.SubFactory(ForceFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InspectorFactory(UserFactory):
    role = Role.INSPECTOR
    force = None
    is_staff = True


class NationalManagerFactory(UserFactory):
    role = Role.NATIONAL_MANAGER
    force = None


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    force = factory.SubFactory(ForceFactory)
    cycle = factory.LazyFunction(lambda: Cycle.objects.get(slug="peel-2018-19"))
    published_on = datetime.date(2020, 2, 1)
    lead_inspector = "Zoë Billingham"
    status = Inspection.Status.PUBLISHED


class JudgmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgment

    inspection = factory.SubFactory(InspectionFactory)
    question = factory.LazyAttribute(lambda o: o.inspection.cycle.questions.first())
    grade = "good"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = FindingKind.AREA_FOR_IMPROVEMENT
    question = factory.LazyAttribute(lambda o: o.inspection.cycle.questions.first())
    text = factory.Sequence(lambda n: f"The force should improve practice number {n}.")
    order = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    finding = factory.SubFactory(FindingFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = None
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.LazyAttribute(lambda o: o.action.owner)
    kind = ActionUpdate.Kind.NOTE
    note = "Progress note."


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionFactory)
    description = "Minutes of the review board"
    url = "https://intranet.example.org/minutes"
    added_by = factory.LazyAttribute(lambda o: o.action.owner)
