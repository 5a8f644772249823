"""Articles' pictures: a lead image, and Markdown images from our own media only."""

import io

from myapp.extensions import db
from myapp.media import services
from tests import media_samples as samples
from tests.factories import make_article
from tests.pages import text


def upload(user, data=None, alt="A photo"):
    return services.upload_image(
        user, io.BytesIO(data or samples.jpeg(1800, 1200)), alt
    )


def test_hot_linked_markdown_images_do_not_render(author):
    body = (
        "Look: ![a tracking pixel](https://tracker.example/pixel.gif?reader=1)\n\n"
        "And ![fake](/media/ab/" + "0" * 64 + ".webp) too."
    )
    article = make_article(author, body=body)
    assert (
        "<img" not in article.body_html and "tracker.example" not in article.body_html
    )
    assert "a tracking pixel" in article.body_html


def test_own_media_renders_with_size_srcset_and_lazy_loading(author, client):
    media = upload(author)
    url = services.picture(media)["src"]
    article = make_article(author, body=f"Our shop:\n\n![The counter]({url})\n")
    html = article.body_html
    assert '<picture><source type="image/webp" srcset="/media/' in html
    assert 'width="1600" height="1067"' in html and 'loading="lazy"' in html
    assert 'alt="The counter"' in html and " 320w" in html and " 1600w" in html
    page = text(client.get(f"/articles/{article.slug}"))
    assert 'alt="The counter"' in page


def test_absolute_site_address_of_own_media_renders_too(app, author):
    media = upload(author)
    url = app.config["SITE_URL"] + services.picture(media)["src"]
    assert "<picture>" in make_article(author, body=f"![x]({url})").body_html


def test_lead_image_on_page_index_and_feed(author, client, api):
    media = upload(author)
    response = api(author).post(
        "/articles",
        json={
            "title": "With a picture",
            "body": "Text.",
            "status": "published",
            "lead_image_id": media.id,
            "lead_image_alt": "A bright shop window",
        },
    )
    assert response.status_code == 201, response.json
    slug = response.json["slug"]
    page = text(client.get(f"/articles/{slug}"))
    assert 'class="article-lead"' in page and "A bright shop window" in page
    assert "A bright shop window" in text(client.get("/"))
    feed = text(client.get("/feed.xml"))
    assert 'rel="enclosure" type="image/jpeg" href="http://localhost/media/' in feed


def test_lead_image_needs_alt_text_and_ones_own_upload(author, editor, api):
    mine = upload(author)
    theirs = upload(editor)
    body = {"title": "T", "body": "B", "lead_image_id": mine.id}
    no_alt = api(author).post("/articles", json=body)
    assert no_alt.status_code == 422
    assert "lead_image_alt" in no_alt.json["errors"]
    other = api(author).post(
        "/articles", json={**body, "lead_image_id": theirs.id, "lead_image_alt": "x"}
    )
    assert other.status_code == 422 and "lead_image_id" in other.json["errors"]


def test_image_url_for_lead_image_and_logo(author):
    from myapp.media.listings import apply_images, entry
    from tests.factories import make_listing

    media = upload(author)
    article = make_article(author, lead_image_id=media.id, lead_image_alt="Lead")
    url = services.image_url_for(article)
    assert url.startswith("/media/") and url.endswith(".jpeg")
    assert services.image_url_for(article, width=320) != url
    assert services.image_url_for(make_article(author)) is None
    listing = make_listing()
    assert services.image_url_for(listing) is None
    apply_images(listing, [entry(media, "logo", "Logo", 0)])
    db.session.commit()
    assert services.image_url_for(listing) == url


def test_media_library_uploads_and_shows_markdown(author, client, login):
    login(author)
    page = client.post(
        "/account/media",
        data={"file": (io.BytesIO(samples.png()), "x.png"), "alt": "Chart"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert "![Chart](/media/" in text(page)
    refused = client.post(
        "/account/media",
        data={"file": (io.BytesIO(samples.SVG), "x.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "SVG" in text(refused)
