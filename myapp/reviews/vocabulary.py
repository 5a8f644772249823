"""Review and reply statuses, moderation actions and their words, defined once."""

PENDING, APPROVED, REJECTED, SPAM = "pending", "approved", "rejected", "spam"
STATUSES = (PENDING, APPROVED, REJECTED, SPAM)
# What a moderator may do → the status it leads to.
DECISIONS = {"approve": APPROVED, "reject": REJECTED, "spam": SPAM}
LABELS = {
    PENDING: "Waiting for moderation",
    APPROVED: "Published",
    REJECTED: "Not published",
    SPAM: "Marked as spam",
}
DONE = {"approve": "approved", "reject": "rejected", "spam": "marked as spam"}
RATINGS = (1, 2, 3, 4, 5)
MIN_LENGTH = 30  # a review says something: at least this many characters
