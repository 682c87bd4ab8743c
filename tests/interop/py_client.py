"""A WebSocket client nobody here wrote (Debian's python3-websockets) talking
through the relay. Run with Debian's /usr/bin/python3. Usage:
  py_client.py chat URL GROUP MESSAGE   join, post, expect the Message back
  py_client.py close URL CODE           expect the relay to close with CODE
  py_client.py quiet URL GROUP MESSAGE SECONDS
                                        join, stay quiet for SECONDS (the library
                                        answers the relay's pings), then chat
  py_client.py echo URL BYTES           send BYTES random bytes to an echo target
                                        while reading them back; expect the same
  py_client.py reload URL GROUP COMMAND open a tunnel and join, run COMMAND (one
                                        that replaces the relay's certificate),
                                        open a second tunnel, then chat on both;
                                        prints each tunnel's certificate subject
For wss:// URLs, --cafile FILE (before the mode) names the certificates to trust.
Exits 0 on success, 1 with a reason otherwise; gives up after 10 s."""
import asyncio
import json
import random
import ssl
import subprocess
import sys

import websockets

CAFILE = None  # --cafile: what a wss:// relay's certificate must be signed by


def connect(url):
    context = ssl.create_default_context(cafile=CAFILE) if url.startswith("wss:") else None
    return websockets.connect(url, subprotocols=["binary"], ssl=context)


def line_of(value):
    return (json.dumps(value, separators=(",", ":")) + "\n").encode()


def subject_of(ws):
    certificate = ws.transport.get_extra_info("ssl_object").getpeercert()
    return ",".join(f"{k}={v}" for rdn in certificate["subject"] for k, v in rdn)


async def expect_message(ws, group, message):
    received = b""
    while b"\n" not in received:
        data = await ws.recv()
        if not isinstance(data, bytes):
            raise SystemExit("py_client: the relay sent a text message in binary mode")
        received += data
    line = received.split(b"\n")[0].decode()
    expected = json.dumps({"Message": {"group_name": group, "message": message}}, separators=(",", ":"))
    if line != expected:
        raise SystemExit(f"py_client: got {line}, expected {expected}")
    return line


async def chat(url, group, message, quiet=0.0):
    async with connect(url) as ws:
        if ws.subprotocol != "binary":
            raise SystemExit(f"py_client: subprotocol {ws.subprotocol!r}, expected 'binary'")
        await ws.send(line_of({"Join": {"group_name": group}}))
        await asyncio.sleep(quiet)
        await ws.send(line_of({"Post": {"group_name": group, "message": message}}))
        print(await expect_message(ws, group, message))


async def echo(url, size):
    data = random.randbytes(size)
    async with connect(url) as ws:
        async def send():
            for at in range(0, size, 16384):
                await ws.send(data[at:at + 16384])
        sending = asyncio.ensure_future(send())
        received = bytearray()
        while len(received) < size:
            received += await ws.recv()
        await sending
        if bytes(received) != data:
            raise SystemExit(f"py_client: {size} bytes sent, and different bytes came back")
        print(f"echoed {size} bytes")


async def reload(url, group, command):
    async with connect(url) as first:
        await first.send(line_of({"Join": {"group_name": group}}))
        await first.send(line_of({"Post": {"group_name": group, "message": "before"}}))
        await expect_message(first, group, "before")  # so the join is in
        print(f"first tunnel: {subject_of(first)}")
        subprocess.run(command, shell=True, check=True)
        async with connect(url) as second:
            print(f"second tunnel: {subject_of(second)}")
            await second.send(line_of({"Join": {"group_name": group}}))
            await second.send(line_of({"Post": {"group_name": group, "message": "after"}}))
            await expect_message(second, group, "after")
            await expect_message(first, group, "after")  # the first tunnel still works
            print("both tunnels carried the post")


async def close(url, code):
    async with connect(url) as ws:
        try:
            await ws.recv()
        except websockets.ConnectionClosed as closed:
            print(f"closed {closed.code} {closed.reason}")
            if closed.code != code:
                raise SystemExit(1)
            return
    raise SystemExit("py_client: the relay did not close")


async def main():
    global CAFILE
    args = sys.argv[1:]
    if args[:1] == ["--cafile"]:
        CAFILE, args = args[1], args[2:]
    mode, url, *rest = args
    if mode == "chat":
        await chat(url, rest[0], rest[1])
    elif mode == "quiet":
        await chat(url, rest[0], rest[1], float(rest[2]))
    elif mode == "echo":
        await echo(url, int(rest[0]))
    elif mode == "reload":
        await reload(url, rest[0], rest[1])
    elif mode == "close":
        await close(url, int(rest[0]))
    else:
        raise SystemExit(f"py_client: unknown mode {mode!r}")


asyncio.run(asyncio.wait_for(main(), 10))
