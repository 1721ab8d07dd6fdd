from django.core.management.base import BaseCommand

from inspections.reference import load_forces, load_frameworks


class Command(BaseCommand):
    help = "Load the 43 forces and the PEEL cycles' frameworks (safe to run again)."

    def handle(self, *args, **options) -> None:
        forces = load_forces()
        cycles = load_frameworks()
        self.stdout.write(f"Forces added: {forces}. Cycles loaded or updated: {cycles}.")
