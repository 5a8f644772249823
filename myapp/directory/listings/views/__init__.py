"""The directory's listing pages: public, members' and editors'."""
