from django.apps import AppConfig


class PeelConfig(AppConfig):
    """The project itself: what every connection and request shares."""

    name = "peel"
    verbose_name = "PEEL tracker"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from peel.page_cache import code_version, watch_connection

        # Every write, through any connection, moves the kept pages' data version on.
        connection_created.connect(watch_connection, dispatch_uid="peel.page_cache")
        # The release's digest, read now: before gunicorn forks its workers (preload_app),
        # so a worker forked after the files changed still names the code it runs.
        code_version()
