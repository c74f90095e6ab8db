"""What the audit trail announces: `events_recorded` is sent inside the writer's transaction with the actions just
recorded, so that apps above (the inbox's notifications) can react after commit without any service knowing them."""

from django.dispatch import Signal

# sender: AuditEvent; keyword argument `actions`: the action names of the events just written
events_recorded = Signal()
