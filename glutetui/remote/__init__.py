"""The phone remote: one small page, served on the home network while the app runs.

With ``--remote`` (or ``remote = true``) a phone that scans the pairing code shows what
the laptop shows and sends taps back as intents (``glutetui.intents``). The package, by
job:

- ``view``: :class:`~glutetui.remote.view.PhoneView`, everything that crosses the network;
- ``guard``: pairing tokens, the phone's session, the anti-forgery value, origin checks
  and the rate limit, over an injected clock;
- ``feed``: the live stream of views to the phone, latest view only;
- ``network``: finding the home network's address and a port to listen on;
- ``page``: the one HTML response, with its Content-Security-Policy;
- ``server``: :class:`~glutetui.remote.server.RemoteServer`, the aiohttp application;
- ``qr``: the pairing code as rows of text for the terminal.

Nothing here imports Textual. Importing this package imports nothing else: aiohttp and
segno load only when ``server`` or ``qr`` is imported, so with the remote off neither
is ever loaded and nothing listens.
"""
