"""StreamField blocks for the public site. Each block renders with a template under
templates/cms/blocks/ so pages only need `{% include_block %}`."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

# Rich text in body copy: no headings (the heading block owns the outline) and no embeds.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
SHORT_TEXT_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading (h3)")],
        default="h2",
        help_text="The page title is the only h1; start sections at h2.",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(help_text="Describe the image in the alt text unless it is decorative.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote_block.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout_block.html"
        help_text = "A highlighted box for something readers must not miss."


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="cms/blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()


class TimelineItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120, help_text="For example: Nominations close.")
    date = blocks.DateBlock()
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "date"
        template = "cms/blocks/timeline_item_block.html"


class TimelineBlock(blocks.StreamBlock):
    item = TimelineItemBlock()


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "cms/blocks/faq_item_block.html"


class FAQBlock(blocks.StreamBlock):
    item = FAQItemBlock()


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="URL", help_text="Only when no page is chosen.")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            error = ValidationError("Choose a page or enter a URL, not both.")
            raise StructBlockValidationError(block_errors={"url": error})
        return value


class FooterLinksBlock(blocks.StreamBlock):
    link = LinkBlock()
