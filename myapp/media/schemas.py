"""Media schemas: the upload's fields, a listing's image set, and what is shown."""

from flask_smorest.fields import Upload
from marshmallow import fields, validate

from myapp.directory.schema_fields import Text, required_text
from myapp.media.models import ROLES
from myapp.media.storage import url_of
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, WholeNumber

LIMITS = (
    "JPEG, PNG, WebP or GIF (first frame), decided from the bytes; SVG and HEIC "
    "are refused (422). At most MEDIA_MAX_BYTES (default 10 MB; larger: 413) and "
    "MEDIA_MAX_PIXELS (default 36 megapixels; larger: 422). Metadata is removed "
    "and the image re-encoded at widths 320, 800 and 1600 as WebP plus JPEG "
    "(PNG with transparency)."
)


class MediaUploadIn(BaseSchema):
    """The upload form's text fields (the file comes as `file`)."""

    alt = Text(validate=validate.Length(max=300), load_default="")


class MediaFileIn(MediaUploadIn):
    """The multipart body as documented: `file` and `alt` (read by MediaUploadIn)."""

    file = Upload(required=True, metadata={"description": LIMITS})


class MediaQuery(PageQuery):
    pass


def markdown_of(media) -> str:
    return f"![{media.alt or 'Describe the image'}]({url_of(media.sizes[-1][3])})"


class RenditionOut(BaseSchema):
    width = fields.Integer()
    height = fields.Integer()
    webp = fields.String()
    fallback = fields.String()


def _renditions(media) -> list[dict]:
    return [
        {"width": w, "height": h, "webp": url_of(a), "fallback": url_of(b)}
        for w, h, a, b in media.sizes
    ]


class MediaOut(BaseSchema):
    id = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()
    alt = fields.String()
    created_at = UTCDateTime()
    url = fields.Function(lambda m: url_of(m.sizes[-1][3]))
    markdown = fields.Function(markdown_of)
    renditions = fields.Function(
        _renditions, metadata={"type": "array", "items": {"type": "object"}}
    )


class ListingImageIn(BaseSchema):
    media_id = WholeNumber(required=True, error_messages={"required": "Required."})
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    alt = required_text(300, 2, metadata={"description": "What the image shows."})
    position = WholeNumber(load_default=0, validate=validate.Range(min=0, max=99))


class ListingImagesIn(BaseSchema):
    images = fields.List(fields.Nested(ListingImageIn), required=True)


class ListingImageOut(BaseSchema):
    id = fields.Integer()
    media_id = fields.Integer()
    role = fields.String()
    alt = fields.String()
    position = fields.Integer()
    url = fields.Function(lambda i: url_of(i.media.sizes[-1][3]))


class ListingImagesOut(BaseSchema):
    images = fields.List(fields.Nested(ListingImageOut))
    pending = fields.Raw(
        allow_none=True,
        metadata={"description": "The images waiting for review, if any."},
    )


class ImageRemovalIn(BaseSchema):
    reason = required_text(500, 2)
