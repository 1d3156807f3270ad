"""Ed25519 sign and verify of a badge payload: PyNaCl (libsodium) beside ``cryptography`` (OpenSSL).

Prints microseconds per operation (best of five runs). The credential code uses whichever this
shows faster at verification — the operation a gate performs for every scan.
"""

from __future__ import annotations

import time
from collections.abc import Callable

PAYLOAD = bytes(range(48))  # the size of a signed credential body with five zones
N = 5000


def per_op(fn: Callable[[], object], n: int = N) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best * 1e6


def main() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    signature = key.sign(PAYLOAD)
    crypto_sign = per_op(lambda: key.sign(PAYLOAD))
    crypto_verify = per_op(lambda: public.verify(signature, PAYLOAD))

    try:
        import nacl.signing
    except ImportError:
        nacl_sign = nacl_verify = float("nan")
    else:
        signing = nacl.signing.SigningKey.generate()
        verify_key = signing.verify_key
        signed = signing.sign(PAYLOAD)
        raw_signature = signed.signature
        nacl_sign = per_op(lambda: signing.sign(PAYLOAD))
        nacl_verify = per_op(lambda: verify_key.verify(PAYLOAD, raw_signature))

    print(f"{'library':<28}{'sign µs':>10}{'verify µs':>12}")
    print(f"{'cryptography (OpenSSL)':<28}{crypto_sign:>10.1f}{crypto_verify:>12.1f}")
    print(f"{'PyNaCl (libsodium)':<28}{nacl_sign:>10.1f}{nacl_verify:>12.1f}")
    from garrison.accreditation.credentials import signing as ours

    print(f"garrison uses: {ours.LIBRARY}")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
