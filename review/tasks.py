"""Background work of the review side. Every task of the review runs a domain operation, so each
is defined beside its operation in review.domain (the sends of the message log in
review.domain.outbox, a reminder in review.domain.reminders, an invitation in
review.domain.enrolment); this module stays below the domain and never imports it."""
