"""fmwatch: a weekly literature watch for a catalog of biomedical foundation models."""

__version__ = "0.1.0"
