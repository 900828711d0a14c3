"""The public site: pages (`views`), discovery (search page, calendars, robots, health),
feeds, calendars, sitemaps, the case list's filters and the URLconf. Templates live in the
project's templates/; the template tags stay in cases/templatetags, where Django looks for an
app's tag libraries."""
