"""A WebSocket client nobody here wrote (Debian's python3-websockets) talking
through the relay. Run with Debian's /usr/bin/python3. Usage:
  py_client.py chat URL GROUP MESSAGE   join, post, expect the Message back
  py_client.py close URL CODE           expect the relay to close with CODE
  py_client.py quiet URL GROUP MESSAGE SECONDS
                                        join, stay quiet for SECONDS (the library
                                        answers the relay's pings), then chat
Exits 0 on success, 1 with a reason otherwise; gives up after 10 s."""
import asyncio
import json
import sys

import websockets


async def chat(url, group, message, quiet=0.0):
    async with websockets.connect(url, subprotocols=["binary"]) as ws:
        if ws.subprotocol != "binary":
            raise SystemExit(f"py_client: subprotocol {ws.subprotocol!r}, expected 'binary'")
        await ws.send((json.dumps({"Join": {"group_name": group}}, separators=(",", ":")) + "\n").encode())
        await asyncio.sleep(quiet)
        await ws.send((json.dumps({"Post": {"group_name": group, "message": message}},
                                  separators=(",", ":")) + "\n").encode())
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
        print(line)


async def close(url, code):
    async with websockets.connect(url, subprotocols=["binary"]) as ws:
        try:
            await ws.recv()
        except websockets.ConnectionClosed as closed:
            print(f"closed {closed.code} {closed.reason}")
            if closed.code != code:
                raise SystemExit(1)
            return
    raise SystemExit("py_client: the relay did not close")


async def main():
    mode, url, *rest = sys.argv[1:]
    if mode == "chat":
        await chat(url, rest[0], rest[1])
    elif mode == "quiet":
        await chat(url, rest[0], rest[1], float(rest[2]))
    elif mode == "close":
        await close(url, int(rest[0]))
    else:
        raise SystemExit(f"py_client: unknown mode {mode!r}")


asyncio.run(asyncio.wait_for(main(), 10))
