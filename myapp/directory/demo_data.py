"""The demo data set: categories, members, showcase listings, name parts."""

TREE = {
    "Shops": {
        "Food & Drink": ["Bakeries", "Coffee Roasters", "Delicatessens"],
        "Books & Music": ["Bookshops", "Record Stores"],
        "Home & Garden": [],
    },
    "Services": {
        "Trades": ["Plumbers", "Electricians"],
        "Health": ["Physiotherapy", "Dentists"],
        "Professional": ["Accountants", "Lawyers"],
    },
    "Technology": {"Web Development": [], "Hosting": [], "Software": []},
    "Travel": {"Hotels": [], "Guides": [], "Camping": []},
    "Arts": {"Galleries": [], "Studios": []},
}
OWNERS = (
    ("rosa@example.com", "Rosa Baker"),
    ("tom@example.com", "Tom Reyes"),
    ("ines@example.com", "Inès Moreau"),
)
DEMO_PASSWORD = "linchpin-member"  # noqa: S105 (demo accounts only)

# (name, site, category path, plan, state, city, description)
SHOWCASE = (
    ("Crumb & Crust Bakery", "crumb-and-crust", "shops/food-drink/bakeries",
     "featured", "approved", "Ghent",
     "Sourdough, rye and seeded loaves from a wood-fired oven, baked before "
     "dawn every day but Monday. Pastries at the weekend, flour and starter "
     "for home bakers."),
    ("Northside Coffee Roasters", "northside-roasters",
     "shops/food-drink/coffee-roasters", "standard", "approved", "Leeds",
     "Small-batch roastery with a tasting bar: single origins, a house espresso "
     "blend and brewing classes on Saturday mornings."),
    ("Paper Lantern Books", "paper-lantern-books", "shops/books-music/bookshops",
     "free", "approved", "Bristol",
     "Independent bookshop with a strong poetry shelf, a children's corner and "
     "monthly readings by local authors."),
    ("Groove Cellar Records", "groove-cellar", "shops/books-music/record-stores",
     "free", "broken", "Manchester",
     "New and second-hand vinyl, mostly soul, jazz and reggae. We buy collections "
     "and clean every record before it goes on the shelf."),
    ("Brightwire Electricians", "brightwire", "services/trades/electricians",
     "standard", "pending", "Utrecht",
     "Certified electricians for homes and small offices: rewiring, fuse boxes, "
     "EV chargers and safety inspections with a written report."),
    ("Flowstate Physio", "flowstate-physio", "services/health/physiotherapy",
     "free", "pending", "Lyon",
     "Sports and rehabilitation physiotherapy, evening appointments available, "
     "home visits for patients with limited mobility."),
    ("Harbour View Hotel", "harbour-view-hotel", "travel/hotels",
     "featured", "awaiting_payment", "Porto",
     "Twelve rooms above the old harbour, breakfast on the roof terrace and "
     "bicycles for guests at no extra cost."),
    ("Quickfix Plumbing Deals", "quickfix-deals", "services/trades/plumbers",
     "free", "rejected", "Madrid",
     "Best plumbing deals coupons click here for the best plumbing deals today."),
    ("Pixel Forge Studio", "pixel-forge", "technology/web-development",
     "standard", "expired", "Berlin",
     "A two-person studio building accessible websites for charities and small "
     "businesses, with hosting and care plans."),
    ("Lucky Spin Software", "lucky-spin", "technology/software",
     "free", "suspended", "Valletta",
     "Apps and tools for online players, with bonus codes updated every week."),
    ("Trailhead Camping Co", "trailhead-camping", "travel/camping",
     "free", "edited", "Annecy",
     "Lakeside pitches, wooden cabins and a small shop for walkers on the "
     "mountain trails; open April to October."),
    ("Ledger & Line Accountants", "ledger-and-line",
     "services/professional/accountants", "standard", "expiring", "Dublin",
     "Accounts, payroll and tax returns for freelancers and small companies, "
     "with fixed monthly fees and a real person to call."),
)  # fmt: skip


WORDS_A = (
    "Blue", "Golden", "Little", "Northern", "Old", "Quiet", "Red", "Silver",
    "Sunny", "Urban", "Wild", "Green", "Copper", "Harbour", "Maple", "Stone",
)  # fmt: skip
WORDS_B = (
    "Oak", "River", "Lantern", "Fox", "Anchor", "Meadow", "Bridge", "Compass",
    "Heron", "Orchard", "Pine", "Willow", "Thistle", "Cedar", "Lark", "Beacon",
)  # fmt: skip
KINDS = (
    "Bakery", "Books", "Studio", "Workshop", "Cafe", "Garage", "Clinic",
    "Gallery", "Hostel", "Tailors", "Florist", "Print Shop", "Bike Repair",
)  # fmt: skip
CITIES = ("Ghent", "Leeds", "Lyon", "Porto", "Turin", "Utrecht", "Cork", "Graz")
