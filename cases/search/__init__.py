"""Full-text search over cases, events, testimony and sources: the query (`query`) and the
hits it returns, each wrapping a timeline entry (`hits`)."""
