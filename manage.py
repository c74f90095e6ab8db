#!/usr/bin/env python
from tdkt.cli import main

if __name__ == "__main__":
    main()
