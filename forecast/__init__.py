"""Forecasting of contact volume and handle time per queue and interval."""
