"""Staff screens of the review side that are more than model lists, one module per area. The
viewsets that wire them are in review/viewsets.py."""
