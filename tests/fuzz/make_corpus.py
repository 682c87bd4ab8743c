#!/usr/bin/env python3
"""Writes the seed corpora in corpus/<target>/: a few small valid and invalid
inputs each. Every input starts with the targets' control byte (bit 7: small
limits; for ws_receiver_fuzz bit 6: unmasked frames allowed; the rest: how the
bytes are cut into feeds). Run from anywhere:
python3 tests/fuzz/make_corpus.py"""
import pathlib
import shutil
import struct

HERE = pathlib.Path(__file__).resolve().parent
MASK = bytes([0x37, 0xFA, 0x21, 0x3D])


def frame(opcode, payload=b"", fin=True, masked=True, first=None, length=None):
    """A client frame; `first` overrides byte 0, `length` forces a length encoding (126 or 127)."""
    b0 = first if first is not None else (0x80 if fin else 0) | opcode
    n = len(payload)
    m = 0x80 if masked else 0
    if length == 126 or (length is None and 126 <= n <= 0xFFFF):
        head = bytes([b0, m | 126]) + struct.pack(">H", n)
    elif length == 127 or (length is None and n > 0xFFFF):
        head = bytes([b0, m | 127]) + struct.pack(">Q", n)
    else:
        head = bytes([b0, m | n])
    if not masked:
        return head + payload
    return head + MASK + bytes(c ^ MASK[i % 4] for i, c in enumerate(payload))


WS = {
    "text_hello": b"\x00" + frame(1, b"Hello"),
    "fragmented_with_ping": b"\x07" + frame(1, "caf\u00e9 ".encode()[:4], fin=False) + frame(9, b"ping")
    + frame(0, "caf\u00e9 ".encode()[4:]),
    "binary_16bit_length": b"\x13" + frame(2, bytes(range(200))),
    "close_normal": b"\x05" + frame(8, struct.pack(">H", 1000) + b"bye"),
    "close_empty_then_more": b"\x02" + frame(8) + frame(1, b"late"),
    "too_big_small_limit": b"\x85" + frame(2, b"x" * 201),
    "unmasked": b"\x01" + frame(2, b"no mask", masked=False),
    "reserved_bits": b"\x03" + frame(2, b"x", first=0xC2),
    "reserved_opcode": b"\x04" + frame(3, b""),
    "non_minimal_length": b"\x06" + frame(2, b"short", length=126),
    "length_top_bit": b"\x08" + bytes([0x82, 0xFF]) + b"\x80" + b"\x00" * 7 + MASK,
    "bad_utf8": b"\x09" + frame(1, b"ok\xed\xa0\x80"),
    "bad_close_code": b"\x0a" + frame(8, struct.pack(">H", 1005)),
    "continuation_first": b"\x0b" + frame(0, b"x"),
    "long_ping": b"\x0c" + frame(9, b"p" * 126),
    # Bit 6: unmasked frames allowed, so payload bytes are as written.
    "unmasked_utf8_edges": b"\x40" + frame(1, "\u00e9\u20ac\U0001F600\U0010FFFF\uD7FF".encode(), masked=False),
    "unmasked_fragments_close": b"\x45" + frame(1, "\U0001F600".encode()[:2], fin=False, masked=False)
    + frame(0, "\U0001F600".encode()[2:], masked=False) + frame(8, struct.pack(">H", 4000) + "\u00e9".encode(), masked=False),
}

UPGRADE = (b"GET /relay?target=example.com:80 HTTP/1.1\r\nHost: relay.example\r\nUpgrade: websocket\r\n"
           b"Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary, tcp\r\n\r\n")
HTTP = {
    "upgrade": b"\x00" + UPGRADE,
    "upgrade_pieces": b"\x11" + UPGRADE + b"\x81\x85rest",
    "http10_bare_lf": b"\x05\nGET /index.html HTTP/1.0\nAccept: */*\n\n",
    "content_length": b"\x07POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
    "missing_host": b"\x02GET / HTTP/1.1\r\n\r\n",
    "obs_fold": b"\x03GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
    "transfer_encoding": b"\x04GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
    "version_505": b"\x06GET / HTTP/2.0\r\nHost: h\r\n\r\n",
    "space_in_target": b"\x08GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
    "nul_in_value": b"\x09GET / HTTP/1.1\r\nHost: h\x00\r\n\r\n",
    "long_line_small_limits": b"\x80GET /" + b"a" * 60 + b" HTTP/1.1\r\nHost: h\r\n\r\n",
    "many_headers_small_limits": b"\x81GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
}


def write(target, seeds):
    folder = HERE / "corpus" / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)


write("ws_receiver_fuzz", WS)
write("http_request_fuzz", HTTP)
