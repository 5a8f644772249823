"""The trust part's words: claim methods and states, suspect kinds, answers."""

CLAIM_METHODS = ("dns", "meta", "file")
# open → verified (ownership moved) | waiting (an editor decides) → verified |
# refused; a verified claim the link checker no longer finds becomes lost.
CLAIM_STATUSES = ("open", "waiting", "verified", "refused", "lost")
SUSPECT_KINDS = ("redirect", "parked", "drift")
SUSPECT_ANSWERS = ("fine", "suspend", "contact")
HINT_REASONS = ("domain", "phone", "name")
