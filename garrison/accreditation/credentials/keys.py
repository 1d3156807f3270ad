"""Sealing and unsealing the event's signing keys (creating and rotating them: ``services``).

Seeds are sealed with Fernet under a key derived (HKDF-SHA256) from Django's SECRET_KEY, which
lives outside the database (environment or var/secret_key). Losing SECRET_KEY means rotating
the keys and re-issuing badges; leaking only the database forges nothing.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from garrison.accreditation.models import SigningKey


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"garrison credential seed"
    ).derive(settings.SECRET_KEY.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def unseal(key: SigningKey) -> bytes:
    return _fernet().decrypt(bytes(key.sealed_seed))


def seal(seed: bytes) -> bytes:
    return _fernet().encrypt(seed)
