"""Exports of a consultation: pure functions from plain data to bytes."""
