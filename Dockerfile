# Assay as a container: Debian slim, Node 20, Chromium for PDF reports, a non-root user.
# Built from the same package tarball as `npm install -g`:
#   npm ci && npm run build && npm pack            # → assay-<version>.tgz beside this file
#   docker build --build-arg VERSION=0.1.0 -t assay .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" assay run   # the project folder at /work,
#                                                    # written as its owner (evidence, reports, keys)
# Built and run once with buildah 1.28 on a stand-in base (Debian bookworm minbase + Node 20.20.2):
# check exit 0, run exit 1 (gate), evidence verified, an 8-page PDF rendered by Chromium 150.
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ARG VERSION=0.1.0
COPY assay-${VERSION}.tgz /tmp/assay.tgz
RUN npm install -g --omit=dev --no-audit --no-fund /tmp/assay.tgz \
 && rm /tmp/assay.tgz \
 && npm cache clean --force

# The PDF renderer finds Chromium here. Inside a container Chromium's own sandbox needs privileges
# Docker does not grant by default; the container is the sandbox, and the renderer blocks every
# network request of the page it prints.
# HOME: a writable home for Chromium's profile when the container runs as a uid with no account (-u).
ENV ASSAY_CHROME=/usr/bin/chromium \
    ASSAY_CHROME_NO_SANDBOX=1 \
    NODE_ENV=production \
    HOME=/tmp

RUN useradd --create-home --uid 10001 assay
USER assay
WORKDIR /work
ENTRYPOINT ["assay"]
CMD ["--help"]
