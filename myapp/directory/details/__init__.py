"""A listing's details beyond its address: opening hours, links, location."""
