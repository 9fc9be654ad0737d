"""The audit log is append-only in the database itself: triggers refuse every UPDATE and DELETE
of portal_auditevent (and, on PostgreSQL, a TRUNCATE of a log that holds rows), whatever code
sends it.

One change is allowed: setting `user_id` to NULL and nothing else. It is what deleting an
account does (the foreign key is SET_NULL), and the only personal datum a row holds (`data`
holds codes and states); the rest of the row, what happened to which object and when, stays.
There is no switch that lifts the triggers for a session: removing rows takes a migration or
an operator with the rights to drop the triggers, in the open.

SQLite rebuilds a table (dropping its triggers) when a migration alters it: a later migration
that alters AuditEvent must create these triggers again (tests/portal/test_audit_log.py fails
if it does not).
"""

from django.db import migrations

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

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise RuntimeError(f"No append-only triggers for {vendor}: the audit log needs them.")
        for statement in statements(vendor):
            schema_editor.execute(statement, params=None)  # no placeholders: % is literal

    return operation


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_auditevent_revision")]

    operations = [
        migrations.RunPython(
            run(lambda vendor: STATEMENTS[vendor][0]),
            run(lambda vendor: STATEMENTS[vendor][1]),
        )
    ]
