"""mock: an offline voice mock-interviewer for senior data-engineering interviews."""

__version__ = "0.1.0"
