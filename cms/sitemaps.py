"""The sitemap: every live, public page of the site in every language it is translated into,
each with the addresses of its translations."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for path in homes.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
