"""The roles and their groups.

- Staff run cycles in the Wagtail admin: the "Staff" group (plus `is_staff`).
- Reviewers score nominations in the reviewer portal, never the admin: the "Reviewers" group.
- Committee members score a cycle's finalists in the reviewer portal, as reviewers do: the
  "Committee" group.
- Nominators are everyone else who signs in; they need no group.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

STAFF_APPS = ("awards", "review", "cms", "wagtailimages", "wagtaildocs", "wagtailredirects")
STAFF_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
STAFF_COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "delete_image",
    "add_document",
    "change_document",
    "choose_document",
    "delete_document",
)


@transaction.atomic
def ensure_role_groups() -> tuple[Group, Group]:
    """Create or complete the Staff, Reviewers and Committee groups (returns the first two).
    Safe to run any number of times.

    Side effects: creates the groups, grants Staff admin access, model permissions on the
    portal's apps, reading the audit log, translating pages, page permissions from the tree
    root and collection permissions on the root collection.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    staff, _ = Group.objects.get_or_create(name=settings.STAFF_GROUP)
    reviewers, _ = Group.objects.get_or_create(name=settings.REVIEWERS_GROUP)
    Group.objects.get_or_create(name=settings.COMMITTEE_GROUP)

    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label__in=STAFF_APPS),
        *Permission.objects.filter(content_type__app_label="portal", codename="view_auditevent"),
        # "Translate" on a page in the admin: a copy in another language to edit and publish.
        *Permission.objects.filter(
            content_type__app_label="simple_translation", codename="submit_translation"
        ),
    )
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=STAFF_PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.get_or_create(
                group=staff, page=root_page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in Permission.objects.filter(codename__in=STAFF_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=staff, collection=root_collection, permission=permission
            )
    return staff, reviewers
