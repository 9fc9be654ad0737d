from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Award, Cycle, School


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "success"
    menu_label = "Awards"
    list_display = ["name", "category", "slug"]
    list_filter = ["category"]
    search_fields = ["name", "description"]
    form_fields = ["name", "slug", "category", "description"]
    list_export = ["name", "slug", "category"]


class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = "Cycles"
    list_display = ["__str__", "status", "opens_at", "closes_at", "letters_due_at"]
    list_filter = ["status", "award"]
    form_fields = [
        "award",
        "name",
        "status",
        "opens_at",
        "closes_at",
        "letters_due_at",
        "grace_period",
    ]
    list_export = ["award", "name", "status", "opens_at", "closes_at", "letters_due_at"]

    def get_queryset(self, request):
        return Cycle.objects.select_related("award")


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "site"
    menu_label = "Schools"
    list_display = ["name", "code", "level", "title_i", "active"]
    list_filter = ["level", "title_i", "active"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "level", "title_i", "active"]
    list_export = ["name", "code", "level", "title_i", "active"]
    list_per_page = 50


class AwardsViewSetGroup(ViewSetGroup):
    menu_label = "Awards"
    menu_icon = "success"
    menu_order = 200
    items = (AwardViewSet, CycleViewSet, SchoolViewSet)


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsViewSetGroup()
