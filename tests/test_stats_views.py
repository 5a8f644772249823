"""Statistics pages: /stats, the admin dashboard, its CSV, the owner's counts."""

from myapp.stats.counting import record_hit
from tests.factories import make_article, make_category, make_listing


def test_public_stats_page_shows_totals_and_top_categories(client, author):
    make_article(author)
    shops = make_category("Shops")
    make_listing(category=shops, name="Corner Bakery")
    response = client.get("/stats")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Published articles" in html and "Live listings" in html
    assert "Shops" in html and "Corner Bakery" in html
    assert "/directory/" + shops.path in html


def test_stats_names_categories_in_words_not_paths(client):
    shops = make_category("Shops")
    food = make_category("Food & drink", parent=shops)
    bakeries = make_category("Bakeries", parent=food)
    make_listing(category=bakeries)
    html = client.get("/stats").get_data(as_text=True)
    assert "in Shops › Food &amp; drink" in html
    assert "(shops/" not in html and bakeries.path + ")" not in html


def test_dashboard_draws_charts_from_tables_for_editors(client, login, editor, author):
    article = make_article(author, title="Read me")
    record_hit("article_view", article.id)
    login(editor)
    html = client.get("/admin").get_data(as_text=True)
    assert 'data-chart="line"' in html and 'data-chart="bar"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html
    for title in ("Views and clicks per day", "Top articles by views", "Review queue"):
        assert title in html
    assert "Read me" in html
    assert "Submissions per day by plan" in html and "Revenue per month" in html


def test_dashboard_period_switch(client, login, editor):
    login(editor)
    html = client.get("/admin?days=90").get_data(as_text=True)
    assert 'days=90" aria-current="page"' in html
    assert html.count('<tr><th scope="row">20') >= 90
    html = client.get("/admin?days=7").get_data(as_text=True)  # not offered: 30
    assert 'days=30" aria-current="page"' in html


def test_csv_download_has_type_and_filename(client, login, editor, author):
    article = make_article(author)
    record_hit("article_view", article.id)
    login(editor)
    response = client.get("/admin/stats/traffic.csv?days=30")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="linchpin-traffic-30d.csv"' in response.headers["Content-Disposition"]
    )
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "Day,Article views,Listing views,Clicks"
    assert len(lines) == 31 and lines[-1].endswith(",1,0,0")
    same = client.get("/admin?format=csv&table=traffic")
    assert same.get_data() == response.get_data()
    assert client.get("/admin/stats/nothing.csv").status_code == 404


def test_revenue_csv_is_formatted_cents(client, login, admin):
    make_listing(plan="standard")
    login(admin)
    body = client.get("/admin/stats/revenue.csv").get_data(as_text=True)
    assert body.splitlines()[0].startswith("Month,")
    assert "." in body.splitlines()[-1]


def test_authors_see_only_their_own_articles(client, login, author):
    mine = make_article(author, title="My piece")
    record_hit("article_view", mine.id)
    login(author)
    html = client.get("/admin").get_data(as_text=True)
    assert "Your articles by views" in html and "My piece" in html
    assert "Revenue per month" not in html
    assert client.get("/admin/stats/revenue.csv").status_code == 404
    assert client.get("/admin/stats/my_articles.csv").status_code == 200


def test_members_and_visitors_have_no_dashboard(client, login, member):
    assert client.get("/admin").status_code == 302
    assert client.get("/admin/stats/traffic.csv").status_code == 302
    login(member)
    assert client.get("/admin").status_code == 403
    assert client.get("/admin/stats/traffic.csv").status_code == 403


def test_owner_sees_30_day_views_and_clicks(client, login, member):
    listing = make_listing(owner=member, name="My shop")
    for _ in range(3):
        record_hit("listing_view", listing.id)
    record_hit("listing_click", listing.id)
    login(member)
    html = client.get("/account/listings").get_data(as_text=True)
    assert 'Views <span class="muted">(30 days)</span>' in html
    row = html[html.index("My shop") :]
    row = row[: row.index("</tr>")]
    assert "<td>3</td>" in row and "<td>1</td>" in row
