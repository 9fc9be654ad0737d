"""The audit log becomes a Wagtail log entry model (an object's History and the site history
report read it): `created_at` and `actor` take Wagtail's names `timestamp` and `user`, and each
row gains the content type, object id and label Wagtail looks objects up by.

The append-only triggers of 0003 name the old columns (and SQLite drops them when it rebuilds the
table), so they are dropped first and made again last, for the new columns; in between the rows
already logged get their content type, object id and label (an UPDATE the triggers would
refuse). The rule is unchanged: no row changes or goes, except that erasing `user_id` (deleting
an account) is allowed when nothing else changes with it.
"""

import django.core.serializers.json
import django.db.models.deletion
from importlib import import_module

from django.db import migrations, models

# The triggers as 0003 made them, for the old columns: dropped here, made again on the way back.
append_only_0003 = import_module("portal.migrations.0003_audit_log_append_only")

SQLITE_COLUMNS = [
    "id",
    "timestamp",
    "action",
    "object_type",
    "object_code",
    "object_id",
    "label",
    "data",
    "content_type_id",
    "uuid",
    "revision_id",
    "content_changed",
    "deleted",
]
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER portal_auditevent_no_update BEFORE UPDATE ON portal_auditevent
    WHEN NOT (
        NEW.user_id IS NULL
        AND {" AND ".join(f"NEW.{column} IS OLD.{column}" for column in SQLITE_COLUMNS)}
    )
    BEGIN
        SELECT RAISE(ABORT, 'The audit log is append-only: rows cannot be changed.');
    END
    """,
    """
    CREATE TRIGGER portal_auditevent_no_delete BEFORE DELETE ON portal_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'The audit log is append-only: rows cannot be deleted.');
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS portal_auditevent_no_update",
    "DROP TRIGGER IF EXISTS portal_auditevent_no_delete",
]

# The row as JSON without user_id: every other column, including any a later migration adds.
POSTGRESQL_CREATE = [
    """
    CREATE FUNCTION portal_auditevent_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
            AND NEW.user_id IS NULL
            AND to_jsonb(NEW) - 'user_id' = to_jsonb(OLD) - 'user_id'
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'The audit log is append-only: % refused.', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER portal_auditevent_append_only
    BEFORE UPDATE OR DELETE ON portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION portal_auditevent_append_only()
    """,
    """
    CREATE FUNCTION portal_auditevent_no_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM portal_auditevent) THEN
            RAISE EXCEPTION 'The audit log is append-only: TRUNCATE refused.'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER portal_auditevent_no_truncate
    BEFORE TRUNCATE ON portal_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION portal_auditevent_no_truncate()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS portal_auditevent_no_truncate ON portal_auditevent",
    "DROP TRIGGER IF EXISTS portal_auditevent_append_only ON portal_auditevent",
    "DROP FUNCTION IF EXISTS portal_auditevent_no_truncate()",
    "DROP FUNCTION IF EXISTS portal_auditevent_append_only()",
]

TRIGGERS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def execute(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in TRIGGERS:
            raise RuntimeError(f"No append-only triggers for {vendor}: the audit log needs them.")
        for statement in statements(vendor):
            schema_editor.execute(statement, params=None)  # no placeholders: % is literal

    return operation


create_triggers = execute(lambda vendor: TRIGGERS[vendor][0])
drop_triggers = execute(lambda vendor: TRIGGERS[vendor][1])


def name_logged_objects(apps, schema_editor):
    """Give the rows logged so far what Wagtail looks an object up by: its content type, its
    primary key (`object_code` is a code where the object has one) and a label (the code)."""
    AuditEvent = apps.get_model("portal", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for object_type in AuditEvent.objects.values_list("object_type", flat=True).distinct():
        app_label, model_name = object_type.split(".")
        events = AuditEvent.objects.filter(object_type=object_type)
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            model = None
        has_code = model is not None and any(f.name == "code" for f in model._meta.fields)
        for event in events.only("pk", "object_code"):
            object_id = event.object_code
            if has_code:
                pk = (
                    model.objects.filter(code=event.object_code)
                    .values_list("pk", flat=True)
                    .first()
                )
                object_id = "" if pk is None else str(pk)
            events.filter(pk=event.pk).update(
                content_type=content_type, object_id=object_id, label=event.object_code
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_audit_log_append_only"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            append_only_0003.run(lambda vendor: append_only_0003.STATEMENTS[vendor][1]),
            append_only_0003.run(lambda vendor: append_only_0003.STATEMENTS[vendor][0]),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-timestamp", "-id"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.RenameField(
            model_name="auditevent",
            old_name="actor",
            new_name="user",
        ),
        migrations.RenameField(
            model_name="auditevent",
            old_name="created_at",
            new_name="timestamp",
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="timestamp",
            field=models.DateTimeField(db_index=True, verbose_name="timestamp (UTC)"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="content_changed",
            field=models.BooleanField(db_index=True, default=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="content type",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="deleted",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="label",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="object_id",
            field=models.CharField(db_index=True, default="", max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="wagtailcore.revision",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="uuid",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="data",
            field=models.JSONField(
                blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["uuid", "action", "-timestamp"], name="portal_audi_uuid_143378_idx"
            ),
        ),
        migrations.RunPython(name_logged_objects, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
