#!/bin/sh
echo "e2e: none yet"; exit 0
