"""Categories and plans: what a listing is filed under and what it costs."""
