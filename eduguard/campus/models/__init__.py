from eduguard.campus.models.documents import DocumentKind, DocumentStatus, RequiredDocument, SchoolDocument
from eduguard.campus.models.hygiene import (
    DisinfectionLog,
    DisinfectionMethod,
    Place,
    PlaceKind,
    VentilationLog,
)

__all__ = [
    "DisinfectionLog",
    "DisinfectionMethod",
    "DocumentKind",
    "DocumentStatus",
    "Place",
    "PlaceKind",
    "RequiredDocument",
    "SchoolDocument",
    "VentilationLog",
]
