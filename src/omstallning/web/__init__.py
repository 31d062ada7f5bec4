"""`omst serve`: the document, the follow-up, the changes and the findings as pages, kept up
to date while the plans are edited.

The server only watches, calls and pushes: every page is a core call (core.plans,
core.revisions) put through the same formats and templates as the commands. `site` holds the
pages of the plans as they are now and the last good ones, `pages` turns core results into
HTML, `app` is the Starlette application with its guards, and `server` runs it under uvicorn.
"""
