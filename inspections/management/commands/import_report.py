import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.importer.loader import ReportImportError, import_report, limits
from inspections.importer.models import ReportParseError
from inspections.importer.sources import check_size, looks_like_pdf


class Command(BaseCommand):
    help = (
        "Import a PEEL inspection report: its PDF, its web page (HTML) or its text, in "
        "UTF-8 or UTF-16. All or nothing: a report that cannot be read saves nothing. "
        "Re-importing adds what is new; it changes or removes what is stored only with "
        "--apply-changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The report: a PDF, HTML or text file.")
        parser.add_argument(
            "--force",
            dest="force_slug",
            help="The force's slug, if the report's name is not recognised.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and compare with what is stored; save nothing.",
        )
        parser.add_argument(
            "--apply-changes",
            action="store_true",
            help=(
                "Also change and remove what is stored as the comparison lists (findings "
                "with actions, history or inspectors' edits are never removed)."
            ),
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, path: Path, force_slug, dry_run, apply_changes, **options) -> None:
        as_json = options["json"]
        try:
            result = import_report(
                self._read(path),
                force_slug=force_slug,
                dry_run=dry_run,
                apply_changes=apply_changes,
            )
        except ReportImportError as error:
            self._refuse(str(error), error.warnings, as_json)
        if as_json:
            self.stdout.write(_json_dumps(result.to_dict()))
            return
        verb = "Would import" if dry_run else ("Imported" if result.created else "Updated")
        report = result.report
        self.stdout.write(
            f"{verb} {report.force_name} – {report.cycle_name} ({report.published}), "
            f"read from {report.source_form}."
        )
        for name, count in result.counts.items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
        for action in ("add", "change", "remove", "keep"):
            for entry in result.plan.of(action):
                detail = f": {entry.detail}" if entry.detail else ""
                self.stdout.write(f"  {action} {entry.what} {entry.label}{detail}")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))

    def _read(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(1024)
            max_pdf, max_text = limits()
            check_size(size, is_pdf=looks_like_pdf(head), max_pdf=max_pdf, max_text=max_text)
            return path.read_bytes()
        except OSError as error:
            raise ReportImportError(f"Cannot read {path}: {error.strerror}.") from None
        except ReportParseError as error:
            raise ReportImportError(f"{error} Nothing was saved.") from None

    def _refuse(self, message: str, warnings: list[str], as_json: bool):
        if as_json:
            self.stdout.write(_json_dumps({"error": message, "warnings": warnings}))
        raise CommandError(message, returncode=2)


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
