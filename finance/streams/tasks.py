"""Celery tasks of royalty-stream sales (thin: one service each)."""

from __future__ import annotations

from celery import shared_task

from finance.streams.services import streams_close_due


@shared_task(name="streams.close_due")
def close_due() -> int:
    """Close sealed auctions whose time has come (beat, every minute)."""
    return streams_close_due()
