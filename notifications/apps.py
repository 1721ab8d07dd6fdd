from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The services publish what happened to an action (improvements.events); the
        # outbox rows for the owner's mails are written in the same transaction.
        from improvements import events
        from notifications import action_events

        events.subscribe(action_events.on_action_event)
