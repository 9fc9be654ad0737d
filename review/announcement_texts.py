"""The texts announcement e-mails start from, one per outcome and recipient: seeded as
AnnouncementTemplate rows by a migration (staff edit them there), and used again when a row is
missing. Placeholders are listed in AnnouncementTemplate's help text."""

GREETING = "Dear {{ name }},\n\n"
FAMILY_GREETING = 'Dear {{ name|default:"parent or guardian" }},\n\n'
CITATION = "{{ citation }}\n\n"
RESULTS = "The results are at {{ results_url }}\n\n"

DEFAULT_ANNOUNCEMENTS = {
    ("winner", "nominee"): (
        "Congratulations: {{ award }}",
        GREETING + "We are delighted to tell you that you have won the {{ award }} "
        "({{ cycle }}).\n\n"
        + CITATION
        + "Your certificate is attached. "
        + RESULTS
        + "With warm congratulations,\n{{ foundation }}",
    ),
    ("winner", "guardian"): (
        "{{ nominee }} has won the {{ award }}",
        FAMILY_GREETING + "We are delighted to tell you that {{ nominee }} has won the "
        "{{ award }} ({{ cycle }}).\n\n" + CITATION + "Their certificate is attached: please "
        "share the news with them. " + RESULTS + "With warm congratulations,\n{{ foundation }}",
    ),
    ("winner", "nominator"): (
        "Your nominee won: {{ award }}",
        "Hello,\n\n{{ nominee }}, whom you nominated, has won the {{ award }} ({{ cycle }}). "
        "Thank you for taking the time to nominate them.\n\n" + RESULTS + "{{ foundation }}",
    ),
    ("finalist", "nominee"): (
        "You are a finalist: {{ award }}",
        GREETING + "We are delighted to tell you that you are a finalist for the {{ award }} "
        "({{ cycle }}). The committee read every nomination carefully, and yours stood out.\n\n"
        + CITATION
        + RESULTS
        + "With congratulations,\n{{ foundation }}",
    ),
    ("finalist", "guardian"): (
        "{{ nominee }} is a finalist: {{ award }}",
        FAMILY_GREETING + "We are delighted to tell you that {{ nominee }} is a finalist for "
        "the {{ award }} ({{ cycle }}). The committee read every nomination carefully, and this "
        "one stood out: please share the news with them.\n\n"
        + CITATION
        + RESULTS
        + "With congratulations,\n{{ foundation }}",
    ),
    ("finalist", "nominator"): (
        "Your nominee is a finalist: {{ award }}",
        "Hello,\n\n{{ nominee }}, whom you nominated, is a finalist for the {{ award }} "
        "({{ cycle }}). Thank you for taking the time to nominate them.\n\n"
        + RESULTS
        + "{{ foundation }}",
    ),
    ("honourable_mention", "nominee"): (
        "An honourable mention: {{ award }}",
        GREETING + "We are delighted to tell you that the committee of the {{ award }} "
        "({{ cycle }}) has given you an honourable mention.\n\n"
        + CITATION
        + RESULTS
        + "With congratulations,\n{{ foundation }}",
    ),
    ("honourable_mention", "guardian"): (
        "An honourable mention for {{ nominee }}: {{ award }}",
        FAMILY_GREETING + "We are delighted to tell you that the committee of the {{ award }} "
        "({{ cycle }}) has given {{ nominee }} an honourable mention: please share the news "
        "with them.\n\n" + CITATION + RESULTS + "With congratulations,\n{{ foundation }}",
    ),
    ("honourable_mention", "nominator"): (
        "An honourable mention for your nominee: {{ award }}",
        "Hello,\n\n{{ nominee }}, whom you nominated, has received an honourable mention in the "
        "{{ award }} ({{ cycle }}). Thank you for taking the time to nominate them.\n\n"
        + RESULTS
        + "{{ foundation }}",
    ),
    ("not_selected", "nominee"): (
        "{{ award }}: this year's results",
        GREETING + "You were nominated for the {{ award }} ({{ cycle }}), and the committee "
        "read your nomination carefully. You were not selected this year, but being nominated "
        "says a great deal about the difference you make.\n\n{{ foundation }}",
    ),
    ("not_selected", "guardian"): (
        "{{ award }}: this year's results",
        FAMILY_GREETING + "{{ nominee }} was nominated for the {{ award }} ({{ cycle }}), and "
        "the committee read the nomination carefully. {{ nominee }} was not selected this "
        "year, but being nominated says a great deal about them.\n\n{{ foundation }}",
    ),
    ("not_selected", "nominator"): (
        "{{ award }}: this year's results",
        "Hello,\n\nThank you for nominating {{ nominee }} for the {{ award }} ({{ cycle }}). "
        "The committee read every nomination carefully; {{ nominee }} was not selected this "
        "year. Please consider nominating again.\n\n{{ foundation }}",
    ),
}
