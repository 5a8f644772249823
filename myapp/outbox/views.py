"""Admin pages for the outbox are added below."""
