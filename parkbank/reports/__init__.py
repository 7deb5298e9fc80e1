"""Citizens report a published post that slipped through (checklist 8); moderators withdraw the
post or dismiss the reports."""
