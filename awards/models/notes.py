from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from taggit.models import TagBase, TaggedItemBase


class StaffNote(models.Model):
    """Staff's own note on a nomination. Reviewers read it only when it is shared with them;
    nominators, nominees and the public never do."""

    nomination = models.ForeignKey(
        "awards.Nomination", on_delete=models.CASCADE, related_name="staff_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    share_with_reviewers = models.BooleanField(
        default=False,
        help_text="Reviewers assigned to the candidate read it, as a note from the staff.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note on {self.nomination} at {self.created_at:%Y-%m-%d %H:%M}"


class NominationTag(TagBase):
    """A label staff put on nominations ("strong letters", "call the school"): the foundation's
    own list, apart from the CMS's image and document tags, one name however it is written."""

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="awards_nominationtag_name_ci_unique")
        ]


class TaggedNomination(TaggedItemBase):
    content_object = models.ForeignKey(
        "awards.Nomination", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(
        NominationTag, on_delete=models.CASCADE, related_name="tagged_nominations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="awards_taggednomination_unique"
            )
        ]
