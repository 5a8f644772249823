"""Checking listed sites: the HTTP checker and the results it stores."""
