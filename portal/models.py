from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from . import permissions


class EmailUserManager(UserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user_object(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, email, password, **extra_fields):
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    # Django's async variants pass a username positionally; route them to the e-mail versions.
    async def acreate_user(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_user)(email, password, **extra_fields)

    async def acreate_superuser(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_superuser)(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: staff, reviewer or nominator. The e-mail address is the login."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    preferred_language = models.CharField(
        max_length=10,
        blank=True,
        help_text="The language this person reads the site and their e-mails in.",
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.display_name or self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_reviewer(self) -> bool:
        return self.groups.filter(name=settings.REVIEWERS_GROUP).exists()

    @property
    def must_use_mfa(self) -> bool:
        """Staff and reviewers handle other people's private data: they need a second factor
        (decided by what they can do, in portal.permissions)."""
        return permissions.must_use_mfa(self)


class PageGeneration(models.Model):
    """The site-wide generation of public pages and kept site data (`cms.cache`): one row.
    Every process keeps what it stored under the number it read, and drops it once the number
    moves. Only `cms.cache.bump_generation` moves it, by an UPDATE of n + 1 in the database, so
    bumps from many processes at once all count; nothing can evict it."""

    n = models.BigIntegerField()

    def __str__(self):
        return str(self.n)


class AuditEvent(models.Model):
    """One line of the append-only audit log: who did what to which object, and when.

    `data` holds codes and states, never personal data. Rows are never changed or deleted.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_code = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action} {self.object_type} {self.object_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


def audit(actor, action: str, obj, **data) -> AuditEvent:
    """Append an audit event for `obj` (which has a `code`, or else a primary key)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_code=str(getattr(obj, "code", None) or obj.pk),
        data=data,
    )
