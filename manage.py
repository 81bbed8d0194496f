#!/usr/bin/env python
"""Django's command-line utility; `eduguard` (installed by the package) is the same thing."""

from eduguard.__main__ import main

if __name__ == "__main__":
    main()
