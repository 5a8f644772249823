"""A software passkey (P-256, "none" attestation) for tests without a browser.

It signs what a real authenticator signs, so the server's real `webauthn`
checks run on its answers; the browser tests use Chromium's own instead.
"""

import hashlib
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url


class SoftPasskey:
    def __init__(self, origin="http://localhost", rp_id="localhost"):
        self.origin, self.rp_id = origin, rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.sign_count = 0

    def _client_data(self, kind: str, options: dict) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": options["challenge"],
                "origin": self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _auth_data(self, flags: int, extra: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def create(self, options: dict) -> dict:
        """The answer to navigator.credentials.create() for these options."""
        numbers = self.key.public_key().public_numbers()
        cose = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = (
            bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + cose
        )
        attestation = cbor2.dumps(
            {"fmt": "none", "attStmt": {}, "authData": self._auth_data(0x45, attested)}
        )
        return self._credential(
            {
                "clientDataJSON": self._client_data("webauthn.create", options),
                "attestationObject": attestation,
            }
        )

    def get(self, options: dict, verified: bool = True) -> dict:
        """The answer to navigator.credentials.get(): a signature over the challenge."""
        self.sign_count += 1
        auth_data = self._auth_data(0x05 if verified else 0x01)
        client_data = self._client_data("webauthn.get", options)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._credential(
            {
                "clientDataJSON": client_data,
                "authenticatorData": auth_data,
                "signature": signature,
            }
        )

    def _credential(self, response: dict) -> dict:
        encoded = {k: bytes_to_base64url(v) for k, v in response.items()}
        credential_id = bytes_to_base64url(self.credential_id)
        return {
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": encoded,
            "clientExtensionResults": {},
        }
