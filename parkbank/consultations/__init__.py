"""Consultations (samråd): the model, its lifecycle and the citizens' board."""
