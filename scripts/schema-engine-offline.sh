#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded without internet.
# `prisma generate` never starts it; anything that does (prisma migrate, db push) is pointed
# at the WebAssembly engine that this project drives instead.
echo "Keyport: Prisma's native schema engine is not installed. Use 'npm run db:migrate' and 'npm run db:diff', which run the WebAssembly schema engine." >&2
exit 1
