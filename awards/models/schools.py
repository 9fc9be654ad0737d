from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolLevel(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary")
    K8 = "k8", _("K-8")
    MIDDLE = "middle", _("Middle")
    HIGH = "high", _("High")


class School(models.Model):
    """A school in the district roster: nominees are tied to one."""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=20, unique=True, help_text="The district's school code.")
    level = models.CharField(max_length=20, choices=SchoolLevel)
    title_i = models.BooleanField("Title I school", default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
