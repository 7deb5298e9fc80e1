"""Outcomes (issue 17): what became of each approved idea, set by the consultation's project
leaders and responders; the public follow-up page (/samrad/<slug>/vad-hande) with the project
leader's closing summary; the responsiveness figures (figures.py, the one place they are
computed); and the reminders to leaders of closed consultations that are not yet followed up."""
