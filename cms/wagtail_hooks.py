from wagtail import hooks

from .cache import mark_public_page

hooks.register("before_serve_page", mark_public_page)
