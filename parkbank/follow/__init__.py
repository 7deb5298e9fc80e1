"""The author's own link (issue 17): a private follow link to one post, made when a citizen
submits, that shows the post's state, reasons, official replies and outcome without an account.
The server keeps only a hash of each link's token; the browser keeps the tokens (browser.py)."""
