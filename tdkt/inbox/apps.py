from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "tdkt.inbox"
    label = "inbox"
    verbose_name = "Việc cần làm, thông báo, lịch công tác"

    def ready(self):
        # Notifications are derived from the audit trail after each commit (tdkt/inbox/dispatch.py): audit sits at
        # the bottom of the layers and announces what it recorded; nothing in the apps below knows of the inbox.
        from tdkt.audit.signals import events_recorded
        from tdkt.inbox.dispatch import on_events_recorded

        events_recorded.connect(on_events_recorded, dispatch_uid="tdkt.inbox.dispatch")
