"""Statistics pages (the public page and the admin dashboard come here)."""
