"""Trust in the directory: claims by proof of domain, what a listed site has
become (parked, hijacked), and duplicates caught at submission."""
