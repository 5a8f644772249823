"""Directory rules, one module per topic; views, the API and commands call these."""
