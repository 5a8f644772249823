"""What machines read about a page: head metadata, schema.org data, Atom feeds.

`meta.PageMeta` is the one object a page hands to `templates/_meta_head.html`;
`pages` builds it per page type; `structured_data` holds the JSON-LD builders,
pure functions of the objects a page already loaded; `feeds` answers Atom.
"""
