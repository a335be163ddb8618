"""Serving a room (``planlib serve --bagikan``): logins, roles, a kernel cap, kernel-free views.

- :mod:`.app` the two Voilà applications (the room, plain serve) wired together;
- :mod:`.handlers` the requests they answer themselves: roles, headers, pages;
- :mod:`.kernels` their capped kernels, ended when the page never came or has gone;
- :mod:`.identity` who is asking (Jupyter Server's ``IdentityProvider``), ``/masuk``;
- :mod:`.authorizer` what they may do (Jupyter Server's ``Authorizer``);
- :mod:`.capacity` the kernel cap, the analysts' reserve, each kernel's owner;
- :mod:`.addresses` the machine's LAN addresses;
- :mod:`.pages` the room's own pages and QR codes;
- :mod:`.views` the kernel-free views, written at start-up and served from a folder.
"""
