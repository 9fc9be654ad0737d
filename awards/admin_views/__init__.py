"""Views and forms of the awards admin (Wagtail), one module per area. The viewsets that wire
them are in awards/viewsets.py; the work itself is done by the domain operations and query
functions."""
