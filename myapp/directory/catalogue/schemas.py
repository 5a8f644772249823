"""Category and plan schemas."""

from marshmallow import fields, validate

from myapp.directory.schema_fields import Money, Text, required_text
from myapp.schemas import BaseSchema, Extended, PageQuery, WholeNumber

CHECKBOX = {"form": "checkbox"}  # in a form, not sent means unticked (False)


class CategoryIn(BaseSchema):
    name = required_text(80)
    slug = Text(
        validate=validate.Regexp(
            r"^[a-z0-9]+(-[a-z0-9]+)*$",
            error="Lowercase letters, digits and single hyphens only.",
        )
    )
    parent_id = WholeNumber(allow_none=True)
    description = Text(validate=validate.Length(max=300))


class CategoryPatchIn(CategoryIn):
    """PATCH: rename (name, slug), move (parent_id) or describe, in any subset."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class CategoryQuery(PageQuery):
    """A page of top-level categories, each with its whole subtree."""


class PlanQuery(PageQuery):
    """A page of the active plans, in display order."""


class CategoryDeleteIn(BaseSchema):
    move_to = WholeNumber(allow_none=True)


class CategoryDeleteForm(CategoryDeleteIn):
    """The HTML delete form: a person ticks that they mean it (the API's DELETE
    is its own confirmation)."""

    confirm = fields.Boolean(
        required=True,
        validate=validate.Equal(True, error="Tick the box to confirm the delete."),
        error_messages={"required": "Tick the box to confirm the delete."},
    )


class CategoryOut(BaseSchema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    path = fields.String()
    parent_id = WholeNumber(allow_none=True)
    depth = fields.Integer()
    description = fields.String()
    listing_count = fields.Integer(
        metadata={"description": "Live listings here and in sub-categories."}
    )
    children = fields.List(fields.Nested(lambda: CategoryOut()))


def category_node(tree, category) -> Extended:
    """A category as CategoryOut dumps it, with its subtree's count and children."""
    return Extended(
        category,
        listing_count=tree.total(category),
        children=[category_node(tree, child) for child in tree.children_of(category)],
    )


class PlanIn(BaseSchema):
    name = required_text(60)
    description = Text(validate=validate.Length(max=300))
    price = Money(
        attribute="price_cents",
        required=True,
        metadata={"description": 'In the plan\'s currency: "49.00"; 0 is free.'},
    )
    currency = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Z]{3}$", error="Three capital letters: EUR."),
    )
    duration_days = WholeNumber(
        allow_none=True, validate=validate.Range(min=1, max=3650)
    )
    featured = fields.Boolean(load_default=False, metadata=CHECKBOX)
    priority_review = fields.Boolean(load_default=False, metadata=CHECKBOX)
    backlink_required = fields.Boolean(load_default=False, metadata=CHECKBOX)
    active = fields.Boolean(load_default=True, metadata=CHECKBOX)


class PlanPatchIn(PlanIn):
    """PATCH: any subset of PlanIn's fields (defaults are not applied)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class PlanOut(BaseSchema):
    code = fields.String()
    name = fields.String()
    description = fields.String()
    price = Money(
        attribute="price_cents",
        metadata={"description": "A decimal string in the plan's currency."},
    )
    price_cents = fields.Integer(
        dump_only=True, metadata={"description": "The same price in cents."}
    )
    currency = fields.String()
    duration_days = fields.Integer(allow_none=True)
    featured = fields.Boolean()
    priority_review = fields.Boolean()
    backlink_required = fields.Boolean()
    active = fields.Boolean()
