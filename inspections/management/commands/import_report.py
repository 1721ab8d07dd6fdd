import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.importer.loader import ReportImportError, import_report


class Command(BaseCommand):
    help = (
        "Import a PEEL inspection report (its text form) into inspections, judgments and "
        "findings. All or nothing: a report that cannot be read saves nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The report as a text file.")
        parser.add_argument(
            "--force",
            dest="force_slug",
            help="The force's slug, if the report's name is not recognised.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print what was found as JSON.")

    def handle(self, *args, path: Path, force_slug, dry_run, **options) -> None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(
                f"{path} is not a UTF-8 text file. Extract the report's text first."
            ) from None
        try:
            result = import_report(text, force_slug=force_slug, dry_run=dry_run)
        except ReportImportError as error:
            raise CommandError(str(error)) from None

        if options["json"]:
            self.stdout.write(_json_dumps(result.to_dict()))
            return
        verb = "Would import" if dry_run else ("Imported" if result.created else "Updated")
        report = result.report
        self.stdout.write(f"{verb} {report.force_name} – {report.cycle_name} ({report.published}).")
        for name, count in result.counts.items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
