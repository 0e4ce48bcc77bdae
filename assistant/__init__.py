"""cqc-assistant: cited answers about English councils' CQC adult social care assessments."""

__version__ = "0.1.0"
