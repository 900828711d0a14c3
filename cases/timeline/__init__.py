"""Timelines: the read model of an entry (`entries`), the streams of rows a scope reads
(`streams`), building entries from those rows (`rows`), merging them into pages (`builder`),
the overview drawn above a timeline (`overview`) and its phase bands (`phases`), and the case
page header's latest development and next date (`header`). Case, party and topic pages, the API's
timeline, feeds, calendars and search hits all read entries built here."""
