"""A tile server for the browser test, on the loopback: a 256×256 PNG (light grey) for every
/fake-tiles/{z}/{x}/{y}.png, so that the map's background is drawn without the internet.
    fake_tiles.py PORT_FILE     (writes the port it listens on, then serves until killed)"""

import http.server
import struct
import sys
import zlib


def png(width=256, height=256, grey=0xE5):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


TILE = png()


class Tiles(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        if not self.path.startswith("/fake-tiles/"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser drops tile requests when the map moves: not an error here


server = Server(("127.0.0.1", 0), Tiles)
with open(sys.argv[1], "w") as out:
    out.write(str(server.server_address[1]))
server.serve_forever()
