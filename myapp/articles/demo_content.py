"""A dozen sample articles about running a small site, for `flask demo seed`."""
# ruff: noqa: E501  (Markdown prose: one paragraph per line)

SAMPLES = [
    {
        "title": "Backups you have actually restored",
        "slug": "backups-you-have-actually-restored",
        "tags": ["backups", "operations"],
        "days_ago": 2,
        "summary": "A backup you have never restored is a hope, not a plan. "
        "Here is a routine that fits in one afternoon a quarter.",
        "body": """Most small sites do have backups. Far fewer have ever restored one, and that is where the trouble hides: the dump that stops halfway, the uploads folder nobody included, the password for the storage bucket that lived only in a former colleague's head.

## The three copies rule, scaled down

Keep three copies of anything you would miss: the live one, one on a different machine, and one somewhere else entirely. For a site on a single server this can be as simple as a nightly database dump copied to a second disk, and a weekly copy pushed to cheap object storage in another region.

## Rehearse the bad day

Once a quarter, take the latest backup and bring the site up on a fresh machine from nothing but that backup and your notes. Time it. Write down every step you had to guess. The first rehearsal usually takes an afternoon; the third takes twenty minutes.

- Restore the database into an empty server, not over the live one.
- Check that uploaded files and configuration came back too.
- Sign in, open an old page, and post a test comment.

When the real bad day comes, you will be bored rather than frightened, which is exactly how it should feel.""",
    },
    {
        "title": "Choosing hosting for a site that should outlive the trend",
        "slug": "choosing-hosting-for-a-site-that-should-outlive-the-trend",
        "tags": ["hosting", "operations"],
        "days_ago": 5,
        "body": """A small site rarely needs the newest platform. It needs a machine that is there every morning, a bill you can predict, and a way out if the provider changes its mind about you.

One modest virtual server runs a surprising amount of traffic. A site like this one, served by a single application process behind nginx, answers hundreds of requests a second when pages are built from a handful of indexed queries. Most small sites will never see that load outside of a lucky day on a news aggregator.

What matters more than raw speed is boring: automatic security updates, snapshots you can take before a risky change, and a support team that answers in hours rather than weeks. Ask how you would move away before you move in. If the answer involves proprietary databases or a deployment format nobody else understands, you are renting a cage.

Write the whole setup down as you build it. A text file with every command you ran is worth more than any control panel, because it still works when the control panel is redesigned.""",
    },
    {
        "title": "Writing an About page people finish reading",
        "slug": "writing-an-about-page-people-finish-reading",
        "tags": ["writing", "small business"],
        "days_ago": 8,
        "body": """The About page is where visitors decide whether to trust you. It is also the page most owners write once, in a hurry, and never read again.

Start with the reader's question, not your history. Someone who clicks "About" wants to know who is behind the site, whether they are real, and whether they know what they are talking about. Answer that in the first two sentences, in plain words, with your name and where you are.

Then tell the short story: why the site exists, what you have done that makes you worth listening to, and what you will never do with your readers' data or money. A photo of an actual person helps more than a logo. A way to reach you, an e-mail address that someone reads, helps more than a photo.

Finally, date it. "Last updated in March" tells the reader the lights are still on. Read it aloud once a year and cut every sentence you would not say to a customer's face.""",
    },
    {
        "title": "Comment moderation without losing your weekends",
        "slug": "comment-moderation-without-losing-your-weekends",
        "tags": ["community", "spam"],
        "days_ago": 11,
        "summary": "Hold first comments, trust returning readers, and let a few "
        "cheap traps catch the robots.",
        "body": """Comments are the best and the worst part of a small site. A thoughtful reply from a stranger can make your month; three hundred pharmacy adverts can ruin your Saturday.

The rule that does most of the work is simple: hold a person's first comment for a human to read, and publish later ones straight away once you have approved one from the same address. Regular readers barely notice moderation, and newcomers understand a short wait.

Robots are caught by cheap tricks. A hidden field that people never see but scripts happily fill in. A signed timestamp in the form, so a reply sent two seconds after the page loaded is obviously not typed by a person. A short list of words that never appear in honest comments. And a limit on how many comments one address can send in a minute.

Comments with many links go to the queue no matter who sends them. Real people rarely need more than two links to make a point, and the ones who do will not mind waiting an hour.""",
    },
    {
        "title": "Fast pages on a small budget",
        "slug": "fast-pages-on-a-small-budget",
        "tags": ["performance", "hosting"],
        "days_ago": 15,
        "body": """Speed is a feature your readers feel even when they could not name it. The good news is that most of it costs nothing but attention.

## Count the queries

On a typical small site, the time a page takes on the server is mostly the number of database queries it runs. A home page that asks the database once for the articles and once for their tags will stay quick with a hundred thousand articles; one that asks for each author separately will not. Count them in a test and keep the number fixed.

## Send less

One stylesheet, no web fonts you do not need, images sized for the place they appear. Pages that work without JavaScript are fast almost by accident, because there is nothing to download, parse and run before the reader can read.

## Measure from far away

Your own connection is the best case. Try the site from a phone on a train, or from a test machine on another continent, and fix the first thing that annoys you.""",
    },
    {
        "title": "Search that finds what your readers meant",
        "slug": "search-that-finds-what-your-readers-meant",
        "tags": ["search", "performance"],
        "days_ago": 19,
        "body": """A search box that returns nothing for a word you can see on the page is worse than no search box at all. Readers try it once and never again.

The usual mistake is a `LIKE '%word%'` query: it reads every row, it cannot rank, and it slows down as the site grows. Every common database ships a full-text index instead. SQLite has FTS5, MySQL and MariaDB have FULLTEXT indexes, and both find "backup" in "backups" when you ask for the prefix.

Treat the search box as untrusted input. People paste quotes, minus signs and stray asterisks; some of those are operators in the full-text query language. Reduce what they typed to plain words, quote each word, and pass it as a parameter, and odd input simply finds nothing instead of producing an error page.

Finally, look at what people search for. The terms that return nothing are a list of articles you have not written yet.""",
    },
    {
        "title": "Feeds are not dead: why your site still needs Atom",
        "slug": "feeds-are-not-dead-why-your-site-still-needs-atom",
        "tags": ["publishing", "search"],
        "days_ago": 24,
        "body": """Every few years someone announces the death of feeds, and every year the most loyal readers of small sites keep using them. A feed is the one subscription that needs no account, no algorithm and no permission.

An Atom feed is a small XML file listing your latest articles with their titles, dates and content. Feed readers check it every hour or so and show new articles to people who asked to see them. Podcasts run on the same idea.

Publish the full text, not just a teaser. Readers who use feeds are the ones most likely to link to you, and a feed that forces a click to read anything is mostly an irritation. Link to the feed from every page's head so browsers and readers find it on their own, and keep its address the same forever.""",
    },
    {
        "title": "A sitemap and robots.txt in ten minutes",
        "slug": "a-sitemap-and-robots-txt-in-ten-minutes",
        "tags": ["search", "publishing"],
        "days_ago": 30,
        "body": """Search engines find most pages by following links, but a sitemap tells them directly which pages exist and when each one last changed. For a small site it is a list of addresses in an XML file, generated from the database on request.

Only list pages you want found: published articles, tag pages, live directory entries. Leave out drafts, admin screens and search result pages. A sitemap full of pages that answer "not found" teaches crawlers to ignore it.

The robots.txt file sits beside it and does two jobs: it asks well-behaved crawlers to stay out of private areas such as `/admin`, and it names the sitemap's address. It is a request, not a lock. Anything truly private needs a password, not a line in a text file.""",
    },
    {
        "title": "Accessibility is mostly good manners",
        "slug": "accessibility-is-mostly-good-manners",
        "tags": ["accessibility", "writing"],
        "days_ago": 37,
        "body": """Making a site accessible sounds like a specialist's job. Most of it is ordinary care, the kind you would take if you watched a real person use your pages.

Give every form field a visible label, and put error messages next to the field they are about, in words rather than colours alone. Make sure every link and button can be reached and used with the keyboard, and that you can see where the focus is. Write link text that makes sense on its own: "Read more about backups" beats "click here".

Use headings as an outline, not as a way to make text bigger. Screen-reader users jump between them the way sighted readers skim. Describe images that carry meaning, and leave decorative ones with an empty description.

Then test with the keyboard for five minutes and with a screen reader for ten. You will find the worst problems in the first two.""",
    },
    {
        "title": "E-mail that arrives: notes for small senders",
        "slug": "e-mail-that-arrives-notes-for-small-senders",
        "tags": ["email", "operations"],
        "days_ago": 45,
        "body": """Password resets and receipts are the e-mails your site cannot afford to lose, and they are the ones most likely to end up in a spam folder when a small site sends them from its own server.

Use a proper mail provider or your host's relay rather than sending straight from the web server. Publish SPF and DKIM records for your domain, and a DMARC record, even a relaxed one; large mailbox providers now expect all three.

Keep transactional mail boring: a clear subject, plain text, one link, the name of the site in the sender. Never mix newsletters into the same address. And in development, write e-mails to a folder instead of sending them, so a test run never reaches a real inbox.""",
    },
    {
        "title": "Counting visitors without spying on them",
        "slug": "counting-visitors-without-spying-on-them",
        "tags": ["privacy", "performance"],
        "days_ago": 53,
        "body": """You want to know which articles people read. You do not need to know who they are, where they went next or what else they bought this week.

A counter per page per day answers the useful questions: what is popular, what is growing, which links people click. It needs no cookies, no banners and no third-party scripts, and it stores nothing about any person.

Count with a single atomic statement, "add one to today's row for this page", rather than reading the number and writing it back; two readers arriving together should never lose a count. Skip obvious robots by their user agent and ignore HEAD requests, which are checks rather than visits.

Then look at the numbers once a week, not once an hour. Trends matter; spikes mostly do not.""",
    },
    {
        "title": "Renewals, domains and the things that expire at 3 a.m.",
        "slug": "renewals-domains-and-the-things-that-expire-at-3-am",
        "tags": ["operations", "small business"],
        "days_ago": 62,
        "body": """Sooner or later every small site is taken down by something with a date on it: a domain registration, a TLS certificate, a payment card on the hosting account.

Make a list of everything that expires, with the date and who gets the reminder. Turn on automatic renewal wherever it exists, and then do not trust it: put a second reminder in a calendar two weeks before each date. Certificates from Let's Encrypt renew themselves every sixty days, which is wonderful until the renewal job quietly fails.

Use an address for account notices that more than one person reads, and keep it off the domain it is warning you about. An e-mail saying your domain expires tomorrow is of little use if it is sent to that very domain.""",
    },
]

# Approved comments on two of the samples, with a reply; by sample slug.
COMMENTS = {
    "backups-you-have-actually-restored": [
        {
            "author_name": "Marta Lindqvist",
            "author_email": "marta@example.org",
            "author_url": "https://example.org/marta",
            "body": "We did our first restore rehearsal after reading this and "
            "found that the uploads folder had not been backed up for a year. "
            "Thank you for the nudge.",
        },
        {
            "author_name": "Ada Admin",
            "author_email": "admin@example.com",
            "reply_to": 0,
            "body": "Glad it helped! The uploads folder is the classic one. "
            "The second rehearsal is always much calmer.",
        },
        {
            "author_name": "Tom Okafor",
            "author_email": "tom@example.net",
            "body": "How long do you keep the weekly copies? We keep twelve "
            "and the storage bill is still less than a coffee.",
        },
    ],
    "comment-moderation-without-losing-your-weekends": [
        {
            "author_name": "Priya N.",
            "author_email": "priya@example.com",
            "body": "The signed timestamp trick alone cut our spam by more than "
            "half. Robots are impatient.",
        },
    ],
}
