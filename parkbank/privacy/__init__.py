"""A citizen's data request (GDPR articles 15 and 17): find, export and erase the contact details
tied to an e-mail address. Follow links come with a later issue."""
