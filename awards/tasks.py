"""Background work of the intake side. Its e-mails are written, logged and sent by
review.domain.emails (the one message log of the portal), whose tasks awards.domain queues after
it commits; this module stays below the domain and never imports it."""
