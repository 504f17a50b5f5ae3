# SPDX-License-Identifier: Apache-2.0
# stationaudit in a container: the command and the bundled standards only,
# on Debian 12 slim, running as a non-root user.
#
#   docker build -t stationaudit .
#   docker run --rm -v "$PWD:/work" stationaudit check dossiers/
#
# Two stages: the first builds (compilers and -dev packages stay there),
# the second gets what `make install` wrote and the runtime libraries.
# tests/meta/ci-recipes.sh runs the install steps without Docker and checks
# both apt-get lines against what configure.ac requires and what the
# installed command and library load (readelf NEEDED, dpkg -S).

FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential autoconf automake libtool pkg-config libxml2-dev \
      libpcre2-dev libyaml-dev libyajl-dev libxlsxwriter-dev libssl-dev libmimalloc-dev gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN autoreconf -fi && ./configure --quiet --prefix=/usr/local --disable-tests
RUN make -j"$(nproc)" && make install-exec install-data DESTDIR=/out \
    && rm -rf /out/usr/local/include /out/usr/local/lib/pkgconfig \
              /out/usr/local/share/doc \
    && find /out -name '*.a' -delete -o -name '*.la' -delete

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libxml2 libpcre2-8-0 libyaml-0-2 libyajl2 libxlsxwriter4 libssl3 libmimalloc2.0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /home/audit audit
COPY --from=build /out/ /
RUN ldconfig && stationaudit list >/dev/null
USER audit
WORKDIR /work
ENTRYPOINT ["stationaudit"]
CMD ["--help"]
