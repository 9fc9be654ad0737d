"""What kind of device a request comes from, as far as the staff's reports need to know.

Only the answer is kept, never the browser's User-Agent text itself (it narrows down who a
visitor is).
"""


def is_phone(request) -> bool | None:
    """True when the browser says it is a phone, False when it says something else, None when it
    says nothing.

    Browsers on phones put "Mobi" in their User-Agent (iPhone and Android phones say "Mobile";
    Android tablets and iPads asking for desktop sites do not), which is the rule MDN
    recommends for telling phones apart.
    """
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent.strip():
        return None
    return "Mobi" in user_agent
